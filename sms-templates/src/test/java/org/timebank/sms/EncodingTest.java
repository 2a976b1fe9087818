package org.timebank.sms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EncodingTest {

    @ParameterizedTest(name = "{0}.label() = {1}")
    @CsvSource({"GSM_7, GSM-7", "UCS_2, UCS-2"})
    void label(Encoding encoding, String label) {
        assertEquals(label, encoding.label());
    }

    @ParameterizedTest(name = "\"{0}\" needs {1}")
    @CsvSource({
            "'',                 GSM_7",
            "'Salio: 1.5h',      GSM_7",
            "'Price: 5€ {ok}',   GSM_7",
            "'餘額：1.5h',       UCS_2",
            "'Salio 😀',         UCS_2",
            "'It’s',             UCS_2",
    })
    void of(String text, Encoding encoding) {
        assertEquals(encoding, Encoding.of(text));
    }
}
