package org.timebank.sms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LanguageTest {

    @ParameterizedTest(name = "code \"{0}\" -> {1}")
    @CsvSource(nullValues = "NONE", value = {
            "en,      EN",
            "zh,      ZH",
            "sw,      SW",
            "EN,      EN",
            "Sw,      SW",
            "' zh ',  ZH",
            "'\tsw\n', SW",
            "fr,      NONE",
            "'',      NONE",
            "'  ',    NONE",
            "eng,     NONE",
            "NONE,    NONE",
    })
    void fromCode(String code, Language expected) {
        assertEquals(Optional.ofNullable(expected), Language.fromCode(code));
    }

    @ParameterizedTest(name = "{0}.code() = {1}")
    @CsvSource({"EN, en", "ZH, zh", "SW, sw"})
    void code(Language language, String code) {
        assertEquals(code, language.code());
    }

    @Test
    void everyCodeRoundTrips() {
        for (Language language : Language.values()) {
            assertEquals(Optional.of(language), Language.fromCode(language.code()));
        }
    }
}
