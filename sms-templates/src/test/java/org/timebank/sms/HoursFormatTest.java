package org.timebank.sms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HoursFormatTest {

    @ParameterizedTest(name = "{0} min -> {1}")
    @CsvSource({
            "0,      0h",
            "60,     1h",
            "90,     1.5h",
            "15,     0.25h",
            "6,      0.1h",
            "3,      0.05h",
            "45,     0.75h",
            "21,     0.35h",
            "1440,   24h",
            "123,    2.05h",
            "80,     1h20m",
            "20,     20m",
            "1,      1m",
            "121,    2h1m",
            "1439,   23h59m",
            "-90,    -1.5h",
            "-3,     -0.05h",
            "-80,    -1h20m",
            "-20,    -20m",
            "-60,    -1h",
            "600000, 10000h",
    })
    void format(long minutes, String text) {
        assertEquals(text, HoursFormat.format(minutes));
    }

    @ParameterizedTest(name = "{0} min -> {1}")
    @CsvSource({
            "9223372036854775807,  153722867280912930h7m",
            "-9223372036854775808, -153722867280912930h8m",
    })
    void extremesDoNotOverflow(long minutes, String text) {
        assertEquals(text, HoursFormat.format(minutes));
    }
}
