package org.timebank.sms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Gsm7Test {

    @ParameterizedTest(name = "\"{0}\" is GSM-7: {1}")
    @CsvSource({
            "'@',      true",
            "'£',      true",
            "'$',      true",
            "'¥',      true",
            "'Δ',      true",
            "'ΦΓΛΩΠΨΣΘΞ', true",
            "'èéùìòÇØøÅåÆæßÉ', true",
            "'¤¡¿§',   true",
            "'ÄÖÑÜäöñüà', true",
            "'€',      true",
            "'^{}\\[~]|', true",
            "' !\"#%&''()*+,-./:;<=>?_', true",
            "'Hello, World 0123456789', true",
            "'',       true",
            "'中',     false",
            "'😀',     false",
            "'hi 😀',  false",
            "'`',      false",
            "'á',      false",
            "'ç',      false",
            "'À',      false",
            "'ê',      false",
            "'’',      false",
            "'—',      false",
    })
    void membership(String text, boolean gsm7) {
        assertEquals(gsm7, Gsm7.isGsm7(text));
        assertEquals(gsm7 ? Encoding.GSM_7 : Encoding.UCS_2, Encoding.of(text));
    }

    @Test
    void theAlphabetHas127BasicAnd10ExtensionCharacters() {
        int basic = 0;
        int extension = 0;
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            if (Gsm7.isExtension(c)) {
                extension++;
            } else if (Gsm7.isGsm7(String.valueOf(c))) {
                basic++;
            }
        }
        assertEquals(127, basic, "128 codes minus the escape");
        assertEquals(10, extension, "form feed ^ { } \\ [ ~ ] | €");
    }

    @Test
    void lineBreaksAndFormFeedAreGsm7() {
        assertTrue(Gsm7.isGsm7("line\nbreak\r\n\f"));
    }

    @ParameterizedTest(name = "'{0}' is an extension character: {1}")
    @CsvSource({
            "'€', true", "'^', true", "'{', true", "'}', true", "'\\', true",
            "'[', true", "'~', true", "']', true", "'|', true",
            "'@', false", "'a', false", "'$', false", "'Δ', false", "'中', false",
    })
    void extension(char c, boolean extension) {
        assertEquals(extension, Gsm7.isExtension(c));
    }

    @Test
    void formFeedIsAnExtensionCharacter() {
        assertTrue(Gsm7.isExtension('\f'));
    }

    @ParameterizedTest(name = "\"{0}\" takes {1} septets")
    @CsvSource({
            "'',          0",
            "'abc',       3",
            "'@£$',       3",
            "'€',         2",
            "'{}',        4",
            "'a[b]c',     7",
            "'10€ ~ 9€',  11",
            "'^_^',       5",
    })
    void septets(String text, int septets) {
        assertEquals(septets, Gsm7.septets(text));
    }

    @ParameterizedTest(name = "septets(\"{0}\") is refused")
    @CsvSource({"'中文'", "'😀'", "'It’s'"})
    void septetsRefusesNonGsm7(String text) {
        assertThrows(IllegalArgumentException.class, () -> Gsm7.septets(text));
    }

    @ParameterizedTest(name = "\"{0}\" -> \"{1}\"")
    @CsvSource({
            "'It’s — done…',          'It''s - done...'",
            "'‘single’ ‚low‛',        '''single'' ''low'''",
            "'“double” „low‟',        '\"double\" \"low\"'",
            "'«guillemets»',          '\"guillemets\"'",
            "'a–b—c−d‐e‑f‒g―h',       'a-b-c-d-e-f-g-h'",
            "'wait…',                 'wait...'",
            "'1\u00A0000\u2009h\u202Fx\u3000y', '1 000 h x y'",
            "'• tea • bread',         '* tea * bread'",
            "'plain text stays',      'plain text stays'",
            "'中文“引號”',            '中文\"引號\"'",
    })
    void replaceLookAlikes(String text, String expected) {
        assertEquals(expected, Gsm7.replaceLookAlikes(text));
    }

    @Test
    void lookAlikeReplacementKeepsEnglishGsm7() {
        String text = "It’s — done…";
        assertEquals(Encoding.UCS_2, Encoding.of(text));
        assertEquals("It's - done...", Gsm7.normalise(text));
        assertEquals(Encoding.GSM_7, Encoding.of(Gsm7.normalise(text)));
    }

    @ParameterizedTest(name = "normalise(\"{0}\") = \"{1}\"")
    @CsvSource({
            "'It’s fine',          'It''s fine'",
            "'“Asante” sana…',     '\"Asante\" sana...'",
            "'already plain',      'already plain'",
            "'',                   ''",
            "'中文“引號”—好…',     '中文“引號”—好…'",
            "'It’s 中',            'It’s 中'",
            "'Thanks — 😀',        'Thanks — 😀'",
    })
    void normaliseOnlyWhenTheResultIsGsm7(String text, String expected) {
        assertEquals(expected, Gsm7.normalise(text));
    }
}
