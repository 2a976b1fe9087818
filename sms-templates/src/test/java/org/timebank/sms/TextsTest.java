package org.timebank.sms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class TextsTest {

    private static final Texts TEXTS = Texts.load();

    /** Worst-case arguments a GSM-7 member can get: 40-character names, long amounts, a 60-character note. */
    static final Map<String, String> WORST_LATIN = Map.of(
            "name", "Grace Wanjiku Nyambura Akinyi Chebet Oti",
            "org", "Kibera Community Youth Volunteer Network",
            "hours", "23h59m",
            "balance", "-999h59m",
            "ref", "T7K2Q9",
            "original", "T7K2Q8",
            "code", "*384*123#",
            "note", "Cooked lunch and cleaned the house for Mama Akinyi on Sunday");

    /** The same with 40-character Chinese names and a 60-character Chinese note, as in Hong Kong. */
    static final Map<String, String> WORST_CHINESE = withNames(
            exactly(40, "歐陽慧珊"), exactly(40, "香港九龍城區長者及婦女義工服務協會"),
            exactly(60, "幫陳婆婆買菜和打掃家居，還陪她去覆診。"));

    /**
     * A text that cannot be one GSM-7 SMS with worst-case arguments whatever its wording: the
     * 40-character name, the 60-character note, hours, ref and code alone take 121 of the 160
     * characters. It must stay within two SMS instead.
     */
    static final Set<String> TWO_SEGMENTS_ALLOWED = Set.of("sms.request.received");

    @Test
    void worstCaseArgumentsReallyAreFortyCharacters() {
        for (Map<String, String> args : Arrays.asList(WORST_LATIN, WORST_CHINESE)) {
            assertEquals(40, args.get("name").length());
            assertEquals(40, args.get("org").length());
            assertEquals(60, args.get("note").length());
        }
    }

    @Test
    void theCatalogueHasTheseKeys() {
        assertEquals(Set.of(
                "sms.member.registered_by_staff",
                "sms.credit.received",
                "sms.reversal.notice",
                "sms.pin.reset",
                "sms.transfer.sent",
                "sms.transfer.received",
                "sms.member.welcome",
                "sms.request.received",
                "sms.request.declined"), TEXTS.keys());
    }

    @ParameterizedTest(name = "{0} uses {1}")
    @CsvSource({
            "sms.member.registered_by_staff, code name org",
            "sms.credit.received,            balance hours org ref",
            "sms.reversal.notice,            balance hours original ref",
            "sms.pin.reset,                  code org",
            "sms.transfer.sent,              balance hours name ref",
            "sms.transfer.received,          balance hours name ref",
            "sms.member.welcome,             balance code name",
            "sms.request.received,           code hours name note ref",
            "sms.request.declined,           hours name ref",
    })
    void placeholders(String key, String names) {
        assertEquals(new TreeSet<>(Arrays.asList(names.split(" "))), TEXTS.placeholders(key));
    }

    /**
     * Every key in every language with Latin names; Chinese texts also with Chinese names.
     * (A 40+40 character name and org with a non-GSM character in an English or Kiswahili text
     * turns it into UCS-2 and can take three SMS: such names are out of scope here.)
     */
    static Stream<Arguments> everyKeyInEveryLanguage() {
        return TEXTS.keys().stream().flatMap(key -> Stream.of(
                Arguments.of(Language.EN, key, "latin names", WORST_LATIN),
                Arguments.of(Language.SW, key, "latin names", WORST_LATIN),
                Arguments.of(Language.ZH, key, "latin names", WORST_LATIN),
                Arguments.of(Language.ZH, key, "chinese names", WORST_CHINESE)));
    }

    @ParameterizedTest(name = "{0} {1} with {2}: at most 2 SMS, no leftover brace")
    @MethodSource("everyKeyInEveryLanguage")
    void rendersWithinTwoSegments(Language lang, String key, String label, Map<String, String> args) {
        String text = TEXTS.render(lang, key, args);
        assertFalse(text.contains("{") || text.contains("}"), text);
        Segments.SmsShape shape = Segments.shape(text);
        assertTrue(shape.segments() <= 2, () -> shape + ": " + text);
    }

    static Stream<Arguments> gsmLanguages() {
        return TEXTS.keys().stream().flatMap(key -> Stream.of(
                Arguments.of(Language.EN, key), Arguments.of(Language.SW, key)));
    }

    /** One GSM-7 SMS; {@link #TWO_SEGMENTS_ALLOWED} keys (long free-text note) at most two. */
    @ParameterizedTest(name = "{0} {1}: one GSM-7 SMS with worst-case arguments")
    @MethodSource("gsmLanguages")
    void englishAndKiswahiliFitOneSegment(Language lang, String key) {
        String text = TEXTS.render(lang, key, WORST_LATIN);
        Segments.SmsShape shape = Segments.shape(text);
        assertEquals(Encoding.GSM_7, shape.encoding(), text);
        int allowed = TWO_SEGMENTS_ALLOWED.contains(key) ? 2 : 1;
        assertTrue(shape.segments() <= allowed, () -> shape + ": " + text);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "EN | sms.credit.received   | You got 1.5h from Kibera Youth for your volunteer work. Ref T7K2Q9. New balance: 3h.",
            "SW | sms.credit.received   | Umepokea saa 1.5h kutoka Kibera Youth kwa kazi ya kujitolea. Kumbukumbu T7K2Q9. Salio jipya: 3h.",
            "ZH | sms.credit.received   | 您收到Kibera Youth給您的義工時數1.5h。參考編號：T7K2Q9。新餘額：3h。",
            "EN | sms.transfer.sent     | You sent 1.5h to Amina. Ref T7K2Q9. Your balance: 3h.",
            "SW | sms.transfer.received | Umepokea saa 1.5h kutoka kwa Amina. Kumbukumbu T7K2Q9. Salio lako: 3h.",
            "EN | sms.pin.reset         | Kibera Youth reset your PIN. Dial *384*123# to choose a new PIN.",
            "SW | sms.member.welcome    | Karibu kwenye Benki ya Muda, Amina! Salio lako: 3h. Piga *384*123# wakati wowote.",
            "SW | sms.request.received  | Amina anakuomba saa 1.5h: Gardening. Kumbukumbu T7K2Q9. Piga *384*123# ulipe au ukatae.",
            "ZH | sms.request.declined  | Amina拒絕了您要求的1.5h。參考編號：T7K2Q9。",
    })
    void rendersExamples(Language lang, String key, String expected) {
        Map<String, Object> args = Map.of(
                "hours", HoursFormat.format(90), "balance", HoursFormat.format(180),
                "org", "Kibera Youth", "name", "Amina", "ref", "T7K2Q9", "code", "*384*123#",
                "note", "Gardening");
        assertEquals(expected, TEXTS.render(lang, key, args));
    }

    @ParameterizedTest(name = "{0}: curly apostrophe in a name -> \"{1}\"")
    @CsvSource({
            "EN, You sent 1h to Mary O'Brien. Ref T7K2Q9. Your balance: 2h.",
            "ZH, 您已轉帳1h給Mary O’Brien。參考編號：T7K2Q9。您的餘額：2h。",
    })
    void renderedTextIsNormalised(Language lang, String expected) {
        Map<String, String> args = Map.of("hours", "1h", "name", "Mary O’Brien", "ref", "T7K2Q9", "balance", "2h");
        assertEquals(expected, TEXTS.render(lang, "sms.transfer.sent", args));
    }

    @Test
    void argumentValuesAreInsertedLiterally() {
        Map<String, String> args = Map.of("org", "$1 \\ {code}", "code", "*384#");
        assertEquals("$1 \\ {code} reset your PIN. Dial *384# to choose a new PIN.",
                TEXTS.render(Language.EN, "sms.pin.reset", args));
    }

    @ParameterizedTest(name = "unknown key \"{0}\" is refused")
    @CsvSource({"sms.nope", "''", "SMS.PIN.RESET"})
    void unknownKeyThrows(String key) {
        assertThrows(IllegalArgumentException.class, () -> TEXTS.render(Language.EN, key, WORST_LATIN));
        assertThrows(IllegalArgumentException.class, () -> TEXTS.placeholders(key));
    }

    @ParameterizedTest(name = "{0} without argument {1} is refused")
    @CsvSource({"EN, code", "ZH, org", "SW, code"})
    void missingArgumentThrows(Language lang, String missing) {
        Map<String, String> args = new HashMap<>(Map.of("org", "Kibera Youth", "code", "*384#"));
        args.remove(missing);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TEXTS.render(lang, "sms.pin.reset", args));
        assertTrue(e.getMessage().contains("{" + missing + "}"), e.getMessage());
    }

    @Test
    void noArgumentsAtAllThrows() {
        assertThrows(IllegalArgumentException.class, () -> TEXTS.render(Language.EN, "sms.pin.reset", null));
        assertThrows(IllegalArgumentException.class, () -> TEXTS.render(Language.EN, "sms.pin.reset", Map.of()));
    }

    static Stream<Arguments> inconsistentCatalogues() {
        return Stream.of(
                Arguments.of("a key missing in sw", catalogue(
                        Map.of("a", "x {n}", "b", "y"), Map.of("a", "x {n}", "b", "y"), Map.of("a", "x {n}"))),
                Arguments.of("an extra key in zh", catalogue(
                        Map.of("a", "x {n}"), Map.of("a", "x {n}", "b", "y"), Map.of("a", "x {n}"))),
                Arguments.of("a placeholder renamed in zh", catalogue(
                        Map.of("a", "x {n}"), Map.of("a", "x {name}"), Map.of("a", "x {n}"))),
                Arguments.of("a placeholder dropped in sw", catalogue(
                        Map.of("a", "x {n} {m}"), Map.of("a", "x {n} {m}"), Map.of("a", "x {n}"))),
                Arguments.of("a stray brace in en", catalogue(
                        Map.of("a", "x {n"), Map.of("a", "x {n"), Map.of("a", "x {n"))),
                Arguments.of("a badly written placeholder", catalogue(
                        Map.of("a", "x { n }"), Map.of("a", "x { n }"), Map.of("a", "x { n }"))),
                Arguments.of("a language missing", Map.of(
                        Language.EN, Map.of("a", "x"), Language.ZH, Map.of("a", "x"))));
    }

    @ParameterizedTest(name = "refused: {0}")
    @MethodSource
    void inconsistentCatalogues(String description, Map<Language, Map<String, String>> byLanguage) {
        assertThrows(IllegalStateException.class, () -> Texts.of(byLanguage));
    }

    @Test
    void aConsistentCatalogueIsAccepted() {
        Texts texts = Texts.of(catalogue(Map.of("a", "{n} x"), Map.of("a", "x{n}"), Map.of("a", "y {n} y")));
        assertEquals(Set.of("a"), texts.keys());
        assertEquals("y 1 y", texts.render(Language.SW, "a", Map.of("n", 1)));
    }

    @Test
    void theShippedCatalogueLoads() {
        Texts texts = Texts.load();
        assertEquals(TEXTS.keys(), texts.keys());
    }

    private static Map<Language, Map<String, String>> catalogue(
            Map<String, String> en, Map<String, String> zh, Map<String, String> sw) {
        Map<Language, Map<String, String>> byLanguage = new EnumMap<>(Language.class);
        byLanguage.put(Language.EN, en);
        byLanguage.put(Language.ZH, zh);
        byLanguage.put(Language.SW, sw);
        return byLanguage;
    }

    private static Map<String, String> withNames(String name, String org, String note) {
        Map<String, String> args = new HashMap<>(WORST_LATIN);
        args.put("name", name);
        args.put("org", org);
        args.put("note", note);
        return Map.copyOf(args);
    }

    private static String exactly(int length, String sample) {
        return sample.repeat(length / sample.length() + 1).substring(0, length);
    }
}
