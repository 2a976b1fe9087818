package org.timebank.sms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TextLengthTest {

    @ParameterizedTest(name = "\"{0}\" is {1} units")
    @CsvSource({
            "'',          0",
            "'hello',     5",
            "'€',         2",
            "'a{b}',      6",
            "'中文',      2",
            "'😀',        2",
            "'a😀',       3",
            "'€中',       2",
            "'餘額 1.5h', 7",
    })
    void units(String text, int units) {
        assertEquals(units, TextLength.units(text));
    }

    @ParameterizedTest(name = "{0} x \"{1}\" fits {2}/{3}: {4}")
    @CsvSource({
            "182, a,  182, 91, true",
            "183, a,  182, 91, false",
            "91,  €,  182, 91, true",
            "92,  €,  182, 91, false",
            "91,  中, 182, 91, true",
            "92,  中, 182, 91, false",
            "45,  😀, 182, 91, true",
            "46,  😀, 182, 91, false",
    })
    void fitsScreen(int times, String unit, int maxGsm, int maxUcs, boolean fits) {
        assertEquals(fits, TextLength.fitsScreen(unit.repeat(times), maxGsm, maxUcs));
    }
}
