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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class TextsTest {

    private static final Texts TEXTS = Texts.load();

    /**
     * Worst-case arguments a GSM-7 member can get: 40-character names, org and fund, long amounts,
     * a 60-character note, every community code, three statement lines. {@code balance} (a
     * negative three-digit balance) and {@code code} (the USSD code, also used for community and
     * fund codes such as "KLN-FUND") are the longest either can be.
     */
    static final Map<String, String> WORST_LATIN = Map.ofEntries(
            Map.entry("name", "Grace Wanjiku Nyambura Akinyi Chebet Oti"),
            Map.entry("org", "Kibera Community Youth Volunteer Network"),
            Map.entry("fund", "Kowloon Elderly Care Time Voucher Fund 1"),
            Map.entry("hours", "23h59m"),
            Map.entry("max", "23h59m"),
            Map.entry("balance", "-999h59m"),
            Map.entry("ref", "T7K2Q9"),
            Map.entry("original", "T7K2Q8"),
            Map.entry("code", "*384*123#"),
            Map.entry("note", "Cooked lunch and cleaned the house for Mama Akinyi on Sunday"),
            Map.entry("phone", "+852****567"),
            Map.entry("minutes", "5"),
            Map.entry("tries", "2"),
            Map.entry("until", "23h59m"),
            Map.entry("contact", "2345 6789"),
            Map.entry("codes", "SSP, YL, KT, KLN, NTW, ISL, CAP, FOUR"),
            Map.entry("example", "SSP"),
            Map.entry("lines", "23/11 +2h Ann; 22/11 -1h Ben; 21/11 +4h Kowloon Care"),
            Map.entry("kind", "Offer"),
            Map.entry("id", "123456"),
            Map.entry("mine", "123457"),
            Map.entry("body", "Fix doors, locks and windows."),
            Map.entry("list", "#123456 Grace: Fix doors, locks and windo.; #123458 Wanjiku: Cook lunch for elders on Sun.; #123459 Akinyi: Teach English to childr."),
            Map.entry("matches", "Matches: #123456 Grace: Fix doors, locks and windo.; #123458 Wanjiku: Cook lunch for elders on Sun.; #123459 Akinyi: Teach English to childr.. Text CONTACT and a number to meet."));

    /** The same with 40-character Chinese names, org and fund and a 60-character Chinese note, as in Hong Kong. */
    static final Map<String, String> WORST_CHINESE = withNames(
            exactly(40, "歐陽慧珊"), exactly(40, "香港九龍城區長者及婦女義工服務協會"),
            exactly(40, "九龍城長者時間券基金"), exactly(60, "幫陳婆婆買菜和打掃家居，還陪她去覆診。"));

    /**
     * English and Kiswahili texts allowed two GSM-7 SMS instead of one. sms.request.received
     * cannot be one SMS with worst-case arguments whatever its wording: the 40-character name, the
     * 60-character note, hours, ref and code alone take 121 of the 160 characters. sms.reply.help
     * lists all the commands (sms.md: "in one or two segments").
     */
    static final Set<String> TWO_SEGMENTS_ALLOWED = Set.of("sms.request.received", "sms.reply.help");

    /** Texts carrying a list of up to three posts: up to three segments in every language (the service clips each item). */
    static final Set<String> LIST_KEYS = Set.of("sms.reply.post.done", "sms.reply.post.matches", "sms.reply.find.results");

    /** Every SMS, in every language, never takes more than this many segments (sms.md). */
    static final int MAX_SEGMENTS = 3;

    /** Chinese (UCS-2) texts stay within two SMS (134 units), except {@link #ZH_THREE_SEGMENTS_ALLOWED}. */
    static final int ZH_MAX_SEGMENTS = 2;

    /**
     * Chinese texts allowed three SMS: in sms.request.received the name, hours, note, ref and code
     * alone take 121 of the 134 units of two SMS, too few to add the PAY and DECLINE keywords and
     * what they do (see {@link #chineseRequestCannotFitTwoSegments()}).
     */
    static final Set<String> ZH_THREE_SEGMENTS_ALLOWED = Set.of("sms.request.received");

    /** The SMS command keywords (sms.md) as members must type them; they are never translated. */
    private static final Pattern KEYWORD = Pattern.compile(
            "(?<![A-Za-z])(BAL|SEND|ASK|PAY|DECLINE|DONATE|LANG EN/ZH/SW|STOP|START|HELP|REG|PIN|NO)(?![A-Za-z])");

    @Test
    void worstCaseArgumentsReallyAreFortyCharacters() {
        for (Map<String, String> args : Arrays.asList(WORST_LATIN, WORST_CHINESE)) {
            assertEquals(40, args.get("name").length());
            assertEquals(40, args.get("org").length());
            assertEquals(60, args.get("note").length());
            assertEquals(40, args.get("fund").length());
        }
        assertEquals("23h59m", WORST_LATIN.get("hours"));
        assertEquals("23h59m", WORST_LATIN.get("max"));
        assertEquals("23h59m", WORST_LATIN.get("until"));
        assertTrue(WORST_LATIN.get("balance").length() >= "23h59m".length());
        assertTrue(WORST_LATIN.get("code").length() >= "KLN-FUND".length());
    }

    @Test
    void worstCaseArgumentsSupplyEveryPlaceholder() {
        Set<String> used = new TreeSet<>();
        for (String key : TEXTS.keys()) {
            used.addAll(TEXTS.placeholders(key));
        }
        used.removeAll(WORST_LATIN.keySet());
        assertEquals(Set.of(), used);
        assertEquals(WORST_LATIN.keySet(), WORST_CHINESE.keySet());
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
                "sms.request.declined",
                "sms.reply.help",
                "sms.reply.unknown",
                "sms.reply.not_member",
                "sms.reply.reg.choose_org",
                "sms.reply.reg.unknown_org",
                "sms.reply.reg.done",
                "sms.reply.reg.already",
                "sms.reply.reg.bad_name",
                "sms.reply.pin.set",
                "sms.reply.pin.changed",
                "sms.reply.pin.mismatch",
                "sms.reply.pin.weak",
                "sms.reply.pin.same",
                "sms.reply.pin.wrong",
                "sms.reply.pin.locked",
                "sms.reply.pin.needed",
                "sms.reply.pin.bad",
                "sms.reply.bal.how",
                "sms.reply.bal.done",
                "sms.reply.send.pending",
                "sms.reply.donate.pending",
                "sms.reply.nothing_pending",
                "sms.reply.expired",
                "sms.reply.cancelled",
                "sms.reply.phone.invalid",
                "sms.reply.phone.unknown",
                "sms.reply.phone.own",
                "sms.reply.phone.inactive",
                "sms.reply.hours.invalid",
                "sms.reply.hours.minutes",
                "sms.reply.hours.over_limit",
                "sms.reply.hours.over_balance",
                "sms.reply.low_balance",
                "sms.reply.ask.sent",
                "sms.reply.pay.none",
                "sms.reply.pay.unknown",
                "sms.reply.declined",
                "sms.reply.fund.unknown",
                "sms.reply.lang.set",
                "sms.reply.stop.done",
                "sms.reply.start.done",
                "sms.reply.suspended",
                "sms.reply.error",
                "sms.donation.sent",
                "sms.reply.pin.only",
                "sms.word.need", "sms.word.offer", "sms.reply.post.how", "sms.reply.post.done", "sms.reply.post.matches",
                "sms.reply.post.no_matches", "sms.reply.find.results", "sms.reply.find.none", "sms.reply.contact.done",
                "sms.reply.contact.again", "sms.reply.contact.unknown", "sms.reply.contact.own", "sms.intro",
                "sms.reply.done.done", "sms.reply.done.unknown", "sms.reply.rate.done", "sms.reply.rate.already",
                "sms.reply.rate.unknown", "sms.reply.rate.how", "sms.alert"), TEXTS.keys());
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
            "sms.reply.reg.choose_org,       codes example name",
            "sms.reply.reg.unknown_org,      code codes",
            "sms.reply.reg.done,             name org",
            "sms.reply.pin.wrong,            tries",
            "sms.reply.pin.locked,           contact org until",
            "sms.reply.bal.done,             balance lines",
            "sms.reply.send.pending,         hours minutes name phone",
            "sms.reply.donate.pending,       fund hours minutes",
            "sms.reply.phone.unknown,        phone",
            "sms.reply.hours.over_limit,     max",
            "sms.reply.hours.over_balance,   max",
            "sms.reply.ask.sent,             hours name ref",
            "sms.reply.pay.unknown,          ref",
            "sms.reply.declined,             name",
            "sms.reply.fund.unknown,         code",
            "sms.reply.suspended,            contact org",
            "sms.donation.sent,              balance fund hours ref",
            "sms.reply.post.done,            id kind matches",
            "sms.reply.post.matches,         list",
            "sms.reply.find.results,         list",
            "sms.reply.contact.done,         name",
            "sms.reply.contact.again,        name",
            "sms.reply.contact.unknown,      id",
            "sms.intro,                      body id name phone",
            "sms.reply.done.done,            id",
            "sms.reply.done.unknown,         id",
            "sms.reply.rate.unknown,         ref",
            "sms.alert,                      body id mine name",
    })
    void placeholders(String key, String names) {
        assertEquals(new TreeSet<>(Arrays.asList(names.split(" "))), TEXTS.placeholders(key));
    }

    static Stream<String> keysWithoutPlaceholders() {
        return Stream.of("sms.reply.help", "sms.reply.unknown", "sms.reply.not_member", "sms.reply.reg.already",
                "sms.reply.reg.bad_name", "sms.reply.pin.set", "sms.reply.pin.changed", "sms.reply.pin.mismatch",
                "sms.reply.pin.weak", "sms.reply.pin.same", "sms.reply.pin.needed", "sms.reply.pin.bad",
                "sms.reply.bal.how", "sms.reply.nothing_pending", "sms.reply.expired", "sms.reply.cancelled",
                "sms.reply.phone.invalid", "sms.reply.phone.own", "sms.reply.phone.inactive",
                "sms.reply.hours.invalid", "sms.reply.hours.minutes", "sms.reply.low_balance", "sms.reply.pay.none",
                "sms.reply.lang.set", "sms.reply.stop.done", "sms.reply.start.done", "sms.reply.error", "sms.reply.pin.only",
                "sms.word.need", "sms.word.offer", "sms.reply.post.how", "sms.reply.post.no_matches", "sms.reply.find.none",
                "sms.reply.contact.own", "sms.reply.rate.done", "sms.reply.rate.already", "sms.reply.rate.how");
    }

    @ParameterizedTest(name = "{0} uses no placeholder")
    @MethodSource("keysWithoutPlaceholders")
    void noPlaceholders(String key) {
        assertEquals(Set.of(), TEXTS.placeholders(key));
    }

    @Test
    void everyKeyHasItsPlaceholdersPinned() {
        Set<String> pinned = new TreeSet<>(keysWithoutPlaceholders().toList());
        pinned.addAll(Set.of("sms.member.registered_by_staff", "sms.credit.received", "sms.reversal.notice",
                "sms.pin.reset", "sms.transfer.sent", "sms.transfer.received", "sms.member.welcome",
                "sms.request.received", "sms.request.declined", "sms.reply.reg.choose_org",
                "sms.reply.reg.unknown_org", "sms.reply.reg.done", "sms.reply.pin.wrong", "sms.reply.pin.locked",
                "sms.reply.bal.done", "sms.reply.send.pending", "sms.reply.donate.pending",
                "sms.reply.phone.unknown", "sms.reply.hours.over_limit", "sms.reply.hours.over_balance",
                "sms.reply.ask.sent", "sms.reply.pay.unknown", "sms.reply.declined", "sms.reply.fund.unknown",
                "sms.reply.suspended", "sms.donation.sent", "sms.reply.post.done", "sms.reply.post.matches",
                "sms.reply.find.results", "sms.reply.contact.done", "sms.reply.contact.again", "sms.reply.contact.unknown",
                "sms.intro", "sms.reply.done.done", "sms.reply.done.unknown", "sms.reply.rate.unknown", "sms.alert"));
        assertEquals(TEXTS.keys(), pinned);
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

    @ParameterizedTest(name = "{0} {1} with {2}: at most 3 SMS, no leftover brace")
    @MethodSource("everyKeyInEveryLanguage")
    void rendersWithinThreeSegments(Language lang, String key, String label, Map<String, String> args) {
        String text = TEXTS.render(lang, key, args);
        assertFalse(text.contains("{") || text.contains("}"), text);
        Segments.SmsShape shape = Segments.shape(text);
        assertTrue(shape.segments() <= MAX_SEGMENTS, () -> shape + ": " + text);
    }

    static Stream<Arguments> chineseWithBothNames() {
        return TEXTS.keys().stream().flatMap(key -> Stream.of(
                Arguments.of(key, "latin names", WORST_LATIN),
                Arguments.of(key, "chinese names", WORST_CHINESE)));
    }

    /** Two UCS-2 SMS (134 units); {@link #ZH_THREE_SEGMENTS_ALLOWED} keys at most three. */
    @ParameterizedTest(name = "zh {0} with {1}: at most 2 UCS-2 SMS")
    @MethodSource("chineseWithBothNames")
    void chineseFitsTwoSegments(String key, String label, Map<String, String> args) {
        String text = TEXTS.render(Language.ZH, key, args);
        Segments.SmsShape shape = Segments.shape(text);
        assertEquals(Encoding.UCS_2, shape.encoding(), text);
        int allowed = ZH_THREE_SEGMENTS_ALLOWED.contains(key) || LIST_KEYS.contains(key) ? 3 : ZH_MAX_SEGMENTS;
        assertTrue(shape.segments() <= allowed, () -> shape + ": " + text);
    }

    /**
     * Documents why {@link #ZH_THREE_SEGMENTS_ALLOWED} exists: the arguments alone, the keywords
     * PAY and DECLINE and the two words for what they do (付款, 拒絕) already overflow 134 units.
     */
    @Test
    void chineseRequestCannotFitTwoSegments() {
        String key = "sms.request.received";
        int units = "PAY".length() + "DECLINE".length() + "付款".length() + "拒絕".length();
        for (String name : TEXTS.placeholders(key)) {
            units += WORST_CHINESE.get(name).length();
        }
        assertTrue(units > ZH_MAX_SEGMENTS * 67, key + ": " + units);
        String text = TEXTS.render(Language.ZH, key, WORST_CHINESE);
        assertTrue(text.contains("PAY") && text.contains("DECLINE"), text);
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
        int allowed = LIST_KEYS.contains(key) ? 3 : TWO_SEGMENTS_ALLOWED.contains(key) || "sms.alert".equals(key) || "sms.intro".equals(key) ? 2 : 1;
        assertTrue(shape.segments() <= allowed, () -> shape + ": " + text);
    }

    static Stream<String> everyKey() {
        return TEXTS.keys().stream();
    }

    /** Kiswahili templates are plain printable ASCII (so GSM-7 whatever the handset). */
    @ParameterizedTest(name = "sw {0} is plain ASCII")
    @MethodSource("everyKey")
    void kiswahiliIsPlainAscii(String key) {
        String template = TEXTS.render(Language.SW, key, placeholdersAsThemselves(key));
        assertTrue(template.chars().allMatch(c -> c >= 0x20 && c < 0x7F), template);
    }

    /**
     * Command keywords stay as the member must type them: every keyword of the English text is in
     * the Chinese and Kiswahili texts too, in English (PIN as a word may be translated in Chinese,
     * 密碼, but not where the member must type it: "PIN 4826 4826").
     */
    @ParameterizedTest(name = "{0}: English command keywords kept in zh and sw")
    @MethodSource("everyKey")
    void commandKeywordsStayInEnglish(String key) {
        Map<String, String> args = placeholdersAsThemselves(key);
        Set<String> english = keywords(TEXTS.render(Language.EN, key, args));
        for (Language lang : new Language[] {Language.ZH, Language.SW}) {
            String text = TEXTS.render(lang, key, args);
            Set<String> missing = new TreeSet<>(english);
            missing.removeAll(keywords(text));
            if (lang == Language.ZH && !text.contains("PIN 4826")) {
                missing.remove("PIN");
            }
            assertEquals(Set.of(), missing, lang + ": " + text);
        }
    }

    @ParameterizedTest(name = "{0}: \"{1}\"")
    @CsvSource(delimiter = '|', value = {
            "EN | You will now get SMS in English.",
            "ZH | 您以後會收到中文短訊。",
            "SW | Sasa utapata SMS kwa Kiswahili.",
    })
    void languageSetIsSaidInTheNewLanguage(Language lang, String expected) {
        assertEquals(expected, TEXTS.render(lang, "sms.reply.lang.set", Map.of()));
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
            "EN | sms.request.received  | Amina asks you for 1.5h: Gardening. Ref T7K2Q9. Reply PAY and your PIN to pay, or DECLINE. Or dial *384*123#.",
            "SW | sms.request.received  | Amina anakuomba saa 1.5h: Gardening. Kumbukumbu T7K2Q9. Jibu PAY na PIN yako kulipa, au DECLINE kukataa. Au piga *384*123#.",
            "ZH | sms.request.received  | Amina向您要1.5h：Gardening。參考編號：T7K2Q9。回覆PAY及密碼付款，或回覆DECLINE拒絕。也可撥*384*123#。",
            "ZH | sms.request.declined  | Amina拒絕了您要求的1.5h。參考編號：T7K2Q9。",
            "EN | sms.reply.send.pending | Send 1.5h to Amina +254****678? Reply with your PIN within 5 minutes to confirm, or NO to cancel.",
            "SW | sms.reply.send.pending | Tuma saa 1.5h kwa Amina +254****678? Jibu na PIN yako ndani ya dakika 5 kuthibitisha, au NO kughairi.",
            "ZH | sms.reply.send.pending | 轉1.5h給Amina +254****678？請在5分鐘內回覆密碼確認，或回覆NO取消。",
            "SW | sms.reply.bal.done    | Salio: 3h. 23/11 +2h Ann",
            "ZH | sms.reply.pin.wrong   | 密碼錯誤。還可試2次。",
            "SW | sms.reply.reg.unknown_org | Hakuna jamii XYZ. Jamii ni: SSP, KLN",
    })
    void rendersExamples(Language lang, String key, String expected) {
        Map<String, Object> args = new HashMap<>(Map.of(
                "hours", HoursFormat.format(90), "balance", HoursFormat.format(180),
                "org", "Kibera Youth", "name", "Amina", "ref", "T7K2Q9", "code", "*384*123#",
                "note", "Gardening"));
        args.putAll(Map.of("phone", "+254****678", "minutes", 5, "tries", 2, "lines", "23/11 +2h Ann"));
        if (key.equals("sms.reply.reg.unknown_org")) {
            args = Map.of("code", "XYZ", "codes", "SSP, KLN");
        }
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

    private static Map<String, String> withNames(String name, String org, String fund, String note) {
        Map<String, String> args = new HashMap<>(WORST_LATIN);
        args.put("name", name);
        args.put("org", org);
        args.put("fund", fund);
        args.put("note", note);
        return Map.copyOf(args);
    }

    /** Each placeholder of the key rendered as its own lower-case name, e.g. {code} as "code". */
    private static Map<String, String> placeholdersAsThemselves(String key) {
        Map<String, String> args = new HashMap<>();
        for (String name : TEXTS.placeholders(key)) {
            args.put(name, name.toLowerCase());
        }
        return args;
    }

    private static Set<String> keywords(String text) {
        Set<String> found = new TreeSet<>();
        Matcher matcher = KEYWORD.matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }

    private static String exactly(int length, String sample) {
        return sample.repeat(length / sample.length() + 1).substring(0, length);
    }
}
