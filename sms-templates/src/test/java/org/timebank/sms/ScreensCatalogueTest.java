package org.timebank.sms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The USSD screen catalogue ({@code screens_*.properties}): every screen text, in every language,
 * rendered with worst-case arguments, fits one USSD screen: 160 GSM-7 characters, or 80 UTF-16
 * characters once it needs UCS-2 (any Chinese).
 */
class ScreensCatalogueTest {

    private static final Texts SCREENS = Texts.load("screens");

    private static final int MAX_GSM = 160;
    private static final int MAX_UCS = 80;

    /**
     * In Chinese, a 20-character name, the hours and a full 60-character note already take 86
     * UTF-16 characters (with the phone number 97), more than the 80 a UCS-2 screen holds, so no
     * wording of these two screens can fit with a 60-character note. For them the Chinese screen
     * is checked with the note cut to {@link #ZH_NOTE_ROOM} characters, and with the "invalid
     * choice" line above it, as it is shown after a wrong key: the menus must shorten a longer
     * note on these Chinese screens.
     */
    static final Set<String> ZH_NOTE_CANNOT_FIT = Set.of("ussd.waiting", "ussd.request.confirm");
    static final int ZH_NOTE_ROOM = 25;

    /** Shared worst-case arguments; the names, org, note, outcome and lines depend on the language. */
    private static Map<String, String> common() {
        Map<String, String> args = new HashMap<>();
        args.put("hours", "23h59m");
        args.put("balance", "23h59m");
        args.put("max", "23h59m");
        args.put("amount", "-23h59m");
        args.put("ref", "T7K2Q9");
        args.put("phone", "+852****567");
        args.put("contact", "2345 6789");
        args.put("code", "*384*123#");
        args.put("until", "23h59m"); // a duration: "try again in 23h59m"
        args.put("since", "2026-11-23");
        args.put("date", "23/11");
        args.put("fund", "Kowloon time voucher fund");
        args.put("tries", "2");
        args.put("id", "123456");
        args.put("stars", "(4.5/5)");
        return args;
    }

    /** English and Kiswahili: Latin names (this one is 21 characters, one more than a screen shows). */
    static final Map<String, String> WORST_LATIN = latin();

    /** Chinese: a 20-character Chinese name, a 40-character Chinese org, Chinese note and outcome. */
    static final Map<String, String> WORST_CHINESE = chinese();

    private static Map<String, String> latin() {
        Map<String, String> args = common();
        args.put("name", "Wanjiku Achieng Otien");
        args.put("body", exactly(25, "Fix doors, locks and windows. "));
        args.put("text", exactly(25, "Fix doors, locks and windows. "));
        args.put("org", "Kibera Community Youth Volunteer Network");
        args.put("note", exactly(60, "Cooked lunch and cleaned the house for Mama Akinyi. "));
        args.put("outcome", exactly(70, "Your transfer of 1.5h to Amina was sent. Ref T7K2Q9. Balance 3h. "));
        args.put("lines", String.join("\n",
                "23/11 -23h59m Wanjik", "22/11 +23h59m Achien", "21/11 -23h59m Otieno"));
        return Map.copyOf(args);
    }

    private static Map<String, String> chinese() {
        Map<String, String> args = common();
        args.put("name", exactly(20, "歐陽慧珊"));
        args.put("body", exactly(25, "幫忙修理門鎖和窗戶，"));
        args.put("text", exactly(25, "幫忙修理門鎖和窗戶，"));
        args.put("org", exactly(40, "香港九龍城區長者及婦女義工服務協會"));
        args.put("note", exactly(60, "幫陳婆婆買菜和打掃家居，還陪她去覆診。"));
        args.put("outcome", exactly(70, "您已轉帳1.5h給陳大文，參考編號T7K2Q9，您的餘額3h。"));
        args.put("lines", String.join("\n",
                "23/11 -23h59m 歐陽慧珊歐陽", "22/11 +23h59m 陳大文陳大文", "21/11 -23h59m 李小明李小明"));
        return Map.copyOf(args);
    }

    private static Map<String, String> worstCase(Language lang) {
        return lang == Language.ZH ? WORST_CHINESE : WORST_LATIN;
    }

    /** Texts that are not a screen of their own (or are shown only with their fixed wording). */
    private static boolean isScreen(String key) {
        return !key.equals("ussd.welcome") && !key.startsWith("ussd.lang.") && !key.startsWith("ussd.opt.");
    }

    @Test
    void worstCaseArgumentsHaveTheirLengths() {
        for (Map<String, String> args : List.of(WORST_LATIN, WORST_CHINESE)) {
            assertTrue(args.get("name").length() >= 20, args.get("name"));
            assertEquals(40, args.get("org").length());
            assertEquals(60, args.get("note").length());
            assertEquals(70, args.get("outcome").length());
            assertEquals(25, args.get("fund").length());
            for (String line : args.get("lines").split("\n")) {
                assertEquals(20, line.length(), line);
            }
        }
        assertEquals(20, WORST_CHINESE.get("name").length());
    }

    @Test
    void worstCaseArgumentsSupplyEveryPlaceholder() {
        Set<String> used = new TreeSet<>();
        for (String key : SCREENS.keys()) {
            used.addAll(SCREENS.placeholders(key));
        }
        assertTrue(WORST_LATIN.keySet().containsAll(used), () -> "missing " + used);
        assertTrue(WORST_CHINESE.keySet().containsAll(used), () -> "missing " + used);
    }

    static Stream<Arguments> everyScreenInEveryLanguage() {
        return SCREENS.keys().stream().filter(ScreensCatalogueTest::isScreen).flatMap(key -> Stream.of(
                Arguments.of(Language.EN, key), Arguments.of(Language.ZH, key), Arguments.of(Language.SW, key)));
    }

    @ParameterizedTest(name = "{0} {1} fits one screen with worst-case arguments")
    @MethodSource("everyScreenInEveryLanguage")
    void fitsOneScreen(Language lang, String key) {
        Map<String, String> args = new HashMap<>(worstCase(lang));
        String prefix = "";
        if (lang == Language.ZH && ZH_NOTE_CANNOT_FIT.contains(key)) {
            args.put("note", args.get("note").substring(0, ZH_NOTE_ROOM));
            prefix = SCREENS.render(lang, "ussd.invalid", Map.of()) + "\n";
        }
        String text = prefix + SCREENS.render(lang, key, args);
        assertFalse(text.contains("{") || text.contains("}"), text);
        assertTrue(TextLength.fitsScreen(text, MAX_GSM, MAX_UCS),
                () -> Encoding.of(text).label() + " " + TextLength.units(text) + " units: " + text);
    }

    /** Documents why {@link #ZH_NOTE_CANNOT_FIT} exists: placeholders alone overflow the screen. */
    @ParameterizedTest(name = "zh {0}: a 60-character note cannot fit 80 characters")
    @MethodSource("zhNoteCannotFit")
    void aFullNoteCannotFitAChineseScreen(String key) {
        int placeholdersOnly = 0;
        for (String name : SCREENS.placeholders(key)) {
            placeholdersOnly += WORST_CHINESE.get(name).length();
        }
        assertTrue(placeholdersOnly > MAX_UCS, key + ": " + placeholdersOnly);
    }

    static Stream<String> zhNoteCannotFit() {
        return ZH_NOTE_CANNOT_FIT.stream().sorted();
    }

    static Stream<Arguments> everyKeyInLatinLanguages() {
        return SCREENS.keys().stream().filter(key -> !key.equals("ussd.lang.zh"))
                .flatMap(key -> Stream.of(Arguments.of(Language.EN, key), Arguments.of(Language.SW, key)));
    }

    @ParameterizedTest(name = "{0} {1} stays GSM-7")
    @MethodSource("everyKeyInLatinLanguages")
    void englishAndKiswahiliStayGsm7(Language lang, String key) {
        String text = SCREENS.render(lang, key, WORST_LATIN);
        assertEquals(Encoding.GSM_7, Encoding.of(text), text);
    }

    static Stream<String> everyKey() {
        return SCREENS.keys().stream();
    }

    @ParameterizedTest(name = "{0}: same line breaks and option numbers in every language")
    @MethodSource("everyKey")
    void sameLinesAndOptionNumbersInEveryLanguage(String key) {
        Map<String, String> plain = new HashMap<>();
        for (String name : SCREENS.placeholders(key)) {
            plain.put(name, "x");
        }
        String[] english = SCREENS.render(Language.EN, key, plain).split("\n", -1);
        for (Language lang : Language.values()) {
            String[] lines = SCREENS.render(lang, key, plain).split("\n", -1);
            assertEquals(english.length, lines.length, lang + " " + key);
            for (int i = 0; i < lines.length; i++) {
                String number = optionNumber(english[i]);
                if (number != null) {
                    assertEquals(number, optionNumber(lines[i]), lang + " " + key + " line " + (i + 1));
                }
            }
        }
    }

    @Test
    void languageChoicesAreTheSameInEveryLanguage() {
        for (Language lang : Language.values()) {
            assertEquals("1. English", SCREENS.render(lang, "ussd.lang.en", Map.of()));
            assertEquals("2. 中文", SCREENS.render(lang, "ussd.lang.zh", Map.of()));
            assertEquals("3. Kiswahili", SCREENS.render(lang, "ussd.lang.sw", Map.of()));
        }
    }

    /** "98" for "98. More", null for a line that is not an option. */
    private static String optionNumber(String line) {
        int dot = line.indexOf(". ");
        if (dot <= 0 || !line.substring(0, dot).chars().allMatch(Character::isDigit)) {
            return null;
        }
        return line.substring(0, dot);
    }

    private static String exactly(int length, String sample) {
        return sample.repeat(length / sample.length() + 1).substring(0, length);
    }
}
