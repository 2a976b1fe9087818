package org.timebank.menus.sms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.timebank.menus.sms.SmsCommand.Ask;
import org.timebank.menus.sms.SmsCommand.Balance;
import org.timebank.menus.sms.SmsCommand.Cancel;
import org.timebank.menus.sms.SmsCommand.Confirm;
import org.timebank.menus.sms.SmsCommand.Decline;
import org.timebank.menus.sms.SmsCommand.Donate;
import org.timebank.menus.sms.SmsCommand.Help;
import org.timebank.menus.sms.SmsCommand.Invalid;
import org.timebank.menus.sms.SmsCommand.Language;
import org.timebank.menus.sms.SmsCommand.Marketplace;
import org.timebank.menus.sms.SmsCommand.No;
import org.timebank.menus.sms.SmsCommand.Pay;
import org.timebank.menus.sms.SmsCommand.Problem;
import org.timebank.menus.sms.SmsCommand.Register;
import org.timebank.menus.sms.SmsCommand.Send;
import org.timebank.menus.sms.SmsCommand.SetOrChangePin;
import org.timebank.menus.sms.SmsCommand.Start;
import org.timebank.menus.sms.SmsCommand.Stop;
import org.timebank.menus.sms.SmsCommand.Unknown;

class SmsParserTest {

    private static Invalid bad(String keyword, Problem problem) {
        return new Invalid(keyword, problem);
    }

    static Stream<Arguments> help() {
        return Stream.of(
                arguments("HELP", new Help()),
                arguments("help", new Help()),
                arguments("Help me please", new Help()),
                arguments("   HELP   ", new Help()),
                arguments("HELP!", new Help()),
                arguments("?", new Help()),
                arguments("幫助", new Help()),
                arguments("帮助", new Help()),
                arguments("MSAADA", new Help()),
                arguments("msaada", new Help()),
                arguments("ＨＥＬＰ", new Help()),
                arguments("\tHelp\n", new Help()));
    }

    static Stream<Arguments> register() {
        return Stream.of(
                arguments("REG Mary", new Register("Mary", null)),
                arguments("reg Mary Wong", new Register("Mary Wong", null)),
                arguments("REG Mary Wong HKCC", new Register("Mary Wong", "HKCC")),
                arguments("REG mary hkcc", new Register("mary hkcc", null)),
                arguments("REG Mary KT-01", new Register("Mary", "KT-01")),
                arguments("REG Mary 001", new Register("Mary", "001")),
                arguments("REG Mary A", new Register("Mary A", null)),
                arguments("REG HKCC", new Register("HKCC", null)),
                arguments("REG MARY WONG", new Register("MARY", "WONG")), // the documented ambiguity
                arguments("REG   Mary    Wong  ", new Register("Mary Wong", null)),
                arguments("REG O'Brien", new Register("O'Brien", null)),
                arguments("REG José", new Register("José", null)),
                arguments("REG Jose\u0301", new Register("José", null)),
                arguments("REG 陳大文", new Register("陳大文", null)),
                arguments("註冊 陳大文 SSP", new Register("陳大文", "SSP")),
                arguments("註冊陳大文", new Register("陳大文", null)),
                arguments("注册 李小明", new Register("李小明", null)),
                arguments("ＲＥＧ　Ｍａｒｙ　ＨＫＣＣ", new Register("Mary", "HKCC")),
                arguments("SAJILI Wanjiku Kamau", new Register("Wanjiku Kamau", null)),
                arguments("sajili Wanjiku NRB_1", new Register("Wanjiku", "NRB_1")),
                arguments("REG", bad("REG", Problem.MISSING_ARGUMENT)),
                arguments("REG M", bad("REG", Problem.BAD_NAME)),
                arguments("REG 1234", bad("REG", Problem.BAD_NAME)),
                arguments("REG 😀😀", bad("REG", Problem.BAD_NAME)),
                arguments("REG " + "a".repeat(41), bad("REG", Problem.BAD_NAME)));
    }

    static Stream<Arguments> pin() {
        return Stream.of(
                arguments("PIN 1234 1234", new SetOrChangePin("1234", "1234")),
                arguments("pin 1234 5678", new SetOrChangePin("1234", "5678")),
                arguments("Pin  0000   9999 ", new SetOrChangePin("0000", "9999")),
                arguments("PIN １２３４ ５６７８", new SetOrChangePin("1234", "5678")),
                arguments("密碼 1234 5678", new SetOrChangePin("1234", "5678")),
                arguments("密碼1234 5678", new SetOrChangePin("1234", "5678")),
                arguments("PIN", bad("PIN", Problem.MISSING_ARGUMENT)),
                arguments("PIN 1234", bad("PIN", Problem.MISSING_ARGUMENT)),
                arguments("PIN 12", bad("PIN", Problem.BAD_PIN)),
                arguments("PIN 12345 5678", bad("PIN", Problem.BAD_PIN)),
                arguments("PIN 1234 567", bad("PIN", Problem.BAD_PIN)),
                arguments("PIN abcd efgh", bad("PIN", Problem.BAD_PIN)),
                arguments("PIN 1234 5678 5678", bad("PIN", Problem.BAD_PIN)));
    }

    static Stream<Arguments> balance() {
        return Stream.of(
                arguments("BAL", new Balance(null)),
                arguments("bal", new Balance(null)),
                arguments("餘額", new Balance(null)),
                arguments("BAL 1234", new Balance("1234")),
                arguments("Bal 1234", new Balance("1234")),
                arguments("  BAL    1234   ", new Balance("1234")),
                arguments("BAL 1234.", new Balance("1234")),
                arguments("BAL: 1234", new Balance("1234")),
                arguments("BAL1234", new Balance("1234")),
                arguments("BALANCE 1234", new Balance("1234")),
                arguments("ＢＡＬ　１２３４", new Balance("1234")),
                arguments("ｂａｌ １２３４", new Balance("1234")),
                arguments("餘額 1234", new Balance("1234")),
                arguments("餘額1234", new Balance("1234")),
                arguments("余额1234", new Balance("1234")),
                arguments("餘額　１２３４", new Balance("1234")),
                arguments("餘額１２３４", new Balance("1234")),
                arguments("SALIO 1234", new Balance("1234")),
                arguments("salio 0000", new Balance("0000")),
                arguments("BAL 12345", bad("BAL", Problem.BAD_PIN)),
                arguments("BAL 123", bad("BAL", Problem.BAD_PIN)),
                arguments("BAL abcd", bad("BAL", Problem.BAD_PIN)),
                arguments("BAL 👍", bad("BAL", Problem.BAD_PIN)),
                arguments("BAL ١٢٣٤", bad("BAL", Problem.BAD_PIN))); // Arabic-Indic digits are not ASCII after folding
    }

    static Stream<Arguments> send() {
        return Stream.of(
                arguments("SEND 91234567 2", new Send("91234567", 120, null)),
                arguments("send 91234567 2", new Send("91234567", 120, null)),
                arguments("Send 91234567 1.5", new Send("91234567", 90, null)),
                arguments("SEND 91234567 0,5", new Send("91234567", 30, null)),
                arguments("SEND 91234567 .5", new Send("91234567", 30, null)),
                arguments("SEND 91234567 90m", new Send("91234567", 90, null)),
                arguments("SEND 91234567 90M", new Send("91234567", 90, null)),
                arguments("SEND 91234567 90 min", new Send("91234567", 90, null)),
                arguments("SEND 91234567 2h", new Send("91234567", 120, null)),
                arguments("SEND 91234567 ２", new Send("91234567", 120, null)),
                arguments("SEND 91234567 2 hours for gardening", new Send("91234567", 120, "for gardening")),
                arguments("SEND 91234567 2 thanks for the soup", new Send("91234567", 120, "thanks for the soup")),
                arguments("SEND 91234567 2 3 apples", new Send("91234567", 120, "3 apples")),
                arguments("SEND 91234567 2.5 thanks!", new Send("91234567", 150, "thanks!")),
                arguments("SEND +85291234567 2", new Send("+85291234567", 120, null)),
                arguments("SEND 85291234567 2", new Send("85291234567", 120, null)),
                arguments("SEND +852 9123 4567 2", new Send("+85291234567", 120, null)),
                arguments("SEND +852 9123 4567 1.5", new Send("+85291234567", 90, null)),
                arguments("SEND +852 91234567 2", new Send("+85291234567", 120, null)),
                arguments("SEND 9123 4567 2", new Send("91234567", 120, null)),
                arguments("SEND 9123 4567 10 for tutoring", new Send("91234567", 600, "for tutoring")),
                arguments("SEND 9123-4567 2", new Send("91234567", 120, null)),
                arguments("SEND 9123–4567 2", new Send("91234567", 120, null)), // en dash
                arguments("SEND +852-9123-4567 2", new Send("+85291234567", 120, null)),
                arguments("SEND ＋８５２ ９１２３ ４５６７ ２", new Send("+85291234567", 120, null)),
                arguments("SEND 0712 345 678 2", new Send("0712345678", 120, null)),
                arguments("SEND 0712 345 678 1.5", new Send("0712345678", 90, null)),
                arguments("SEND 0712 345678 2", new Send("0712345678", 120, null)),
                arguments("SEND 0712345678 0,5", new Send("0712345678", 30, null)),
                arguments("SEND +254 712 345 678 2", new Send("+254712345678", 120, null)),
                arguments("SEND +254 712 345678 3", new Send("+254712345678", 180, null)),
                arguments("SEND 91234567 100", new Send("91234567", 6000, null)), // no per-transfer limit here
                arguments("SEND 91234567 200000", new Send("91234567", 12_000_000, null)), // beyond the ledger's ceiling too
                arguments("轉 91234567 2", new Send("91234567", 120, null)),
                arguments("轉91234567 2", new Send("91234567", 120, null)),
                arguments("转 91234567 2", new Send("91234567", 120, null)),
                arguments("轉　９１２３４５６７　２", new Send("91234567", 120, null)),
                arguments("轉９１２３４５６７　２", new Send("91234567", 120, null)),
                arguments("轉賬91234567 1.5", new Send("91234567", 90, null)),
                arguments("轉 91234567 2小時", new Send("91234567", 120, null)),
                arguments("轉 91234567 2個鐘", new Send("91234567", 120, null)),
                arguments("轉 91234567 30分鐘", new Send("91234567", 30, null)),
                arguments("轉 91234567 2 多謝", new Send("91234567", 120, "多謝")),
                arguments("TUMA 0712345678 2", new Send("0712345678", 120, null)),
                arguments("tuma 0712 345 678 1,5", new Send("0712345678", 90, null)),
                arguments("TUMA 0712345678 2 masaa", new Send("0712345678", 120, null)),
                arguments("TUMA 0712345678 saa 2 asante", new Send("0712345678", 120, "asante")),
                arguments("TUMA 0712345678 45 dakika", new Send("0712345678", 45, null)),
                arguments("SEND", bad("SEND", Problem.MISSING_ARGUMENT)),
                arguments("SEND 91234567", bad("SEND", Problem.MISSING_ARGUMENT)),
                arguments("SEND 9123 4567", bad("SEND", Problem.MISSING_ARGUMENT)),
                arguments("SEND +254 712 345 678", bad("SEND", Problem.MISSING_ARGUMENT)),
                arguments("SEND Mary 2", bad("SEND", Problem.BAD_PHONE)),
                arguments("SEND 1234567890123456 2", bad("SEND", Problem.BAD_PHONE)),
                arguments("SEND 91234567 two", bad("SEND", Problem.BAD_HOURS)),
                arguments("SEND 91234567 1e3", bad("SEND", Problem.BAD_HOURS)),
                arguments("SEND 91234567 2x", bad("SEND", Problem.BAD_HOURS)),
                arguments("SEND 91234567 999999999999999999.5", bad("SEND", Problem.BAD_HOURS)),
                arguments("SEND 91234567 0", bad("SEND", Problem.HOURS_NOT_POSITIVE)),
                arguments("SEND 91234567 0m", bad("SEND", Problem.HOURS_NOT_POSITIVE)),
                arguments("SEND 91234567 -1", bad("SEND", Problem.HOURS_NOT_POSITIVE)),
                arguments("SEND 91234567 −1", bad("SEND", Problem.HOURS_NOT_POSITIVE)), // U+2212 minus
                arguments("SEND 91234567 0,0", bad("SEND", Problem.HOURS_NOT_POSITIVE)),
                arguments("SEND 91234567 1.001", bad("SEND", Problem.NOT_WHOLE_MINUTES)),
                arguments("SEND 91234567 0.01", bad("SEND", Problem.NOT_WHOLE_MINUTES)),
                arguments("SEND 91234567 1.5m", bad("SEND", Problem.NOT_WHOLE_MINUTES)));
    }

    static Stream<Arguments> ask() {
        return Stream.of(
                arguments("ASK 91234567 2 for the repair", new Ask("91234567", 120, "for the repair")),
                arguments("ask 91234567 1.5", new Ask("91234567", 90, null)),
                arguments("ASK +852 9123 4567 2", new Ask("+85291234567", 120, null)),
                arguments("OMBA 0712 345 678 2", new Ask("0712345678", 120, null)),
                arguments("請求 91234567 2", new Ask("91234567", 120, null)),
                arguments("要求91234567 1", new Ask("91234567", 60, null)),
                arguments("ASK", bad("ASK", Problem.MISSING_ARGUMENT)),
                arguments("ASK 91234567 0", bad("ASK", Problem.HOURS_NOT_POSITIVE)),
                arguments("ASK abc 2", bad("ASK", Problem.BAD_PHONE)));
    }

    static Stream<Arguments> confirmAndCancel() {
        return Stream.of(
                arguments("1234", new Confirm("1234")),
                arguments(" 1234 ", new Confirm("1234")),
                arguments("１２３４", new Confirm("1234")),
                arguments("1234.", new Confirm("1234")),
                arguments("YES 1234", new Confirm("1234")),
                arguments("yes 1234", new Confirm("1234")),
                arguments("Yes　１２３４", new Confirm("1234")),
                arguments("YES1234", new Confirm("1234")),
                arguments("Y 1234", new Confirm("1234")),
                arguments("OK thanks", new Unknown("OK thanks")),
                arguments("NDIYO 1234", new Confirm("1234")),
                arguments("是 1234", new Confirm("1234")),
                arguments("是1234", new Confirm("1234")),
                arguments("確認1234", new Confirm("1234")),
                arguments("YES", bad("YES", Problem.MISSING_ARGUMENT)),
                arguments("YES 12345", bad("YES", Problem.BAD_PIN)),
                arguments("YES abcd", bad("YES", Problem.BAD_PIN)),
                arguments("12345", new Unknown("12345")),
                arguments("123", new Unknown("123")),
                arguments("NO", new No()),
                arguments("no", new No()),
                arguments("No.", new No()),
                arguments("HAPANA", new No()),
                arguments("否", new No()),
                arguments("不", new No()),
                arguments("No problem, thanks!", new Unknown("No problem, thanks!")),
                arguments("CANCEL", new Cancel()),
                arguments("cancel", new Cancel()),
                arguments("取消", new Cancel()),
                arguments("GHAIRI", new Cancel()));
    }

    static Stream<Arguments> payAndDecline() {
        return Stream.of(
                arguments("PAY 1234", new Pay(null, "1234")),
                arguments("pay t7k2q9 1234", new Pay("T7K2Q9", "1234")),
                arguments("PAY T7K2Q9 1234", new Pay("T7K2Q9", "1234")),
                arguments("PAY 1234 T7K2Q9", new Pay("T7K2Q9", "1234")),
                arguments("PAY T7K2Q9 1234 thanks", new Pay("T7K2Q9", "1234")),
                arguments("LIPA 1234", new Pay(null, "1234")),
                arguments("LIPA T7K2Q9 1234", new Pay("T7K2Q9", "1234")),
                arguments("付 1234", new Pay(null, "1234")),
                arguments("付1234", new Pay(null, "1234")),
                arguments("付款 T7K2Q9 1234", new Pay("T7K2Q9", "1234")),
                arguments("ＰＡＹ　Ｔ７Ｋ２Ｑ９　１２３４", new Pay("T7K2Q9", "1234")),
                arguments("PAY", bad("PAY", Problem.MISSING_ARGUMENT)),
                arguments("PAY T7K2Q9", bad("PAY", Problem.MISSING_ARGUMENT)),
                arguments("PAY 12345", bad("PAY", Problem.BAD_PIN)),
                arguments("PAY T7K2Q9 12345", bad("PAY", Problem.BAD_PIN)),
                arguments("PAY T7K2Q 1234", bad("PAY", Problem.BAD_REFERENCE)),
                arguments("PAY 1234 T7K2Q", bad("PAY", Problem.BAD_REFERENCE)),
                arguments("PAY 1234 thank you", bad("PAY", Problem.BAD_REFERENCE)),
                arguments("DECLINE", new Decline(null)),
                arguments("decline t7k2q9", new Decline("T7K2Q9")),
                arguments("DECLINE T7K2Q9 sorry, busy", new Decline("T7K2Q9")),
                arguments("KATAA T7K2Q9", new Decline("T7K2Q9")),
                arguments("拒絕", new Decline(null)),
                arguments("拒絕T7K2Q9", new Decline("T7K2Q9")),
                arguments("DECLINE T7K2", bad("DECLINE", Problem.BAD_REFERENCE)),
                arguments("DECLINE 123456", bad("DECLINE", Problem.BAD_REFERENCE)));
    }

    static Stream<Arguments> donateAndLanguage() {
        return Stream.of(
                arguments("DONATE 2", new Donate(120, null)),
                arguments("donate 1.5 hkcc-fund", new Donate(90, "HKCC-FUND")),
                arguments("DONATE 0,5 FOODBANK", new Donate(30, "FOODBANK")),
                arguments("DONATE 90m", new Donate(90, null)),
                arguments("DONATE 2 hours FOODBANK", new Donate(120, "FOODBANK")),
                arguments("CHANGIA 2 NRB", new Donate(120, "NRB")),
                arguments("捐 2", new Donate(120, null)),
                arguments("捐2", new Donate(120, null)),
                arguments("DONATE", bad("DONATE", Problem.MISSING_ARGUMENT)),
                arguments("DONATE abc", bad("DONATE", Problem.BAD_HOURS)),
                arguments("DONATE -2", bad("DONATE", Problem.HOURS_NOT_POSITIVE)),
                arguments("DONATE 0.001", bad("DONATE", Problem.NOT_WHOLE_MINUTES)),
                arguments("LANG EN", new Language("en")),
                arguments("lang zh", new Language("zh")),
                arguments("LANG sw", new Language("sw")),
                arguments("LANG Kiswahili", new Language("sw")),
                arguments("LUGHA SW", new Language("sw")),
                arguments("語言 中文", new Language("zh")),
                arguments("語言中文", new Language("zh")),
                arguments("LANG ZH-HK", new Language("zh")),
                arguments("ＬＡＮＧ　ＺＨ", new Language("zh")),
                arguments("中文", new Language("zh")),
                arguments("ENGLISH", new Language("en")),
                arguments("Kiswahili", new Language("sw")),
                arguments("LANG FR", bad("LANG", Problem.BAD_LANGUAGE)),
                arguments("LANG", bad("LANG", Problem.MISSING_ARGUMENT)));
    }

    static Stream<Arguments> stopAndStart() {
        return Stream.of(
                arguments("STOP", new Stop()),
                arguments("stop", new Stop()),
                arguments("Stop!", new Stop()),
                arguments("STOP sending me messages", new Stop()),
                arguments("UNSUBSCRIBE", new Stop()),
                arguments("END", new Stop()),
                arguments("quit", new Stop()),
                arguments("STOPALL", new Stop()),
                arguments("停止", new Stop()),
                arguments("停止。", new Stop()),
                arguments("ACHA", new Stop()),
                arguments("ＳＴＯＰ", new Stop()),
                arguments("START", new Start()),
                arguments("start", new Start()),
                arguments("ANZA", new Start()),
                arguments("開始", new Start()));
    }

    static Stream<Arguments> marketplace() {
        return Stream.of(
                arguments("NEED someone to fix my tap", new Marketplace("NEED", "someone to fix my tap")),
                arguments("need  a   ride", new Marketplace("NEED", "a ride")),
                arguments("需要 幫忙買菜", new Marketplace("NEED", "幫忙買菜")),
                arguments("需要幫忙買菜", new Marketplace("NEED", "幫忙買菜")),
                arguments("HITAJI msaada wa bustani", new Marketplace("NEED", "msaada wa bustani")),
                arguments("OFFER English tutoring", new Marketplace("OFFER", "English tutoring")),
                arguments("提供 中文補習", new Marketplace("OFFER", "中文補習")),
                arguments("TOA ushauri", new Marketplace("OFFER", "ushauri")),
                arguments("FIND plumber", new Marketplace("FIND", "plumber")),
                arguments("FIND NEED cooking", new Marketplace("FIND", "NEED cooking")),
                arguments("CONTACT 12", new Marketplace("CONTACT", "12")),
                arguments("CONTACT １２", new Marketplace("CONTACT", "12")),
                arguments("DONE 12", new Marketplace("DONE", "12")),
                arguments("RATE T7K2Q9 5", new Marketplace("RATE", "T7K2Q9 5")),
                arguments("NEED", new Marketplace("NEED", "")));
    }

    static Stream<Arguments> unknown() {
        return Stream.of(
                arguments("", new Unknown("")),
                arguments("   ", new Unknown("   ")),
                arguments("\u3000", new Unknown("\u3000")),
                arguments("\u200B", new Unknown("\u200B")),
                arguments("hello", new Unknown("hello")),
                arguments("😀", new Unknown("😀")),
                arguments("👍🏽 thanks", new Unknown("👍🏽 thanks")),
                arguments("91234567", new Unknown("91234567")),
                arguments("XYZ 1234", new Unknown("XYZ 1234")),
                arguments("中文 please", new Unknown("中文 please")),
                arguments("停止吧", new Unknown("停止吧")));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" -> {1}")
    @MethodSource({"help", "register", "pin", "balance", "send", "ask", "confirmAndCancel", "payAndDecline",
            "donateAndLanguage", "stopAndStart", "marketplace", "unknown"})
    void readsMessages(String text, SmsCommand expected) {
        assertEquals(expected, SmsParser.parse(text));
    }

    @org.junit.jupiter.api.Test
    void readsNullAsUnknown() {
        assertEquals(new Unknown(""), SmsParser.parse(null));
        assertEquals("", SmsParser.maskPins(null));
    }

    static Stream<String> garbage() {
        return Stream.of("\uD800", "\uDC00 BAL", "BAL \uD83D", "SEND \u0000 2", "轉\uD83D", "REG " + "x".repeat(10_000),
                "SEND " + "9".repeat(5_000) + " 2", "SEND 91234567 " + "9".repeat(5_000), "DONATE 1" + "0".repeat(400) + ".5",
                "PAY " + "1234 ".repeat(500), "﷽", "㍻", "ﬀ", "¨", "٣", "\u202E1234", "SEND 91234567 1,,5", "SEND 91234567 .",
                "SEND 91234567 +", "SEND + 2", "SEND - 2", "SEND 91234567 2-", "PIN -- --", "LANG -", "LANG _", "REG . .");
    }

    @ParameterizedTest
    @MethodSource("garbage")
    void neverThrowsOnGarbage(String text) {
        assertNotNull(SmsParser.parse(text));
        assertNotNull(SmsParser.maskPins(text));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" stored as \"{1}\"")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "BAL 1234                      | BAL ****",
            "bal 1234                      | bal ****",
            "BAL                           | BAL",
            "BAL 12345                     | BAL ****",
            "\"BAL  1234  \"               | \"BAL  ****  \"",
            "BAL1234                       | BAL****",
            "SALIO 1234                    | SALIO ****",
            "ＢＡＬ　１２３４              | ＢＡＬ　****",
            "餘額1234                      | 餘額****",
            "餘額 1234                     | 餘額 ****",
            "1234                          | ****",
            "\" 1234 \"                    | \" **** \"",
            "１２３４                      | ****",
            "12345                         | ****",
            "91234567                      | 91234567",
            "YES 1234                      | YES ****",
            "YES 1234.                     | YES ****",
            "YES 123                       | YES ****",
            "NDIYO 1234                    | NDIYO ****",
            "是1234                        | 是****",
            "PAY 1234                      | PAY ****",
            "PAY T7K2Q9 1234               | PAY T7K2Q9 ****",
            "PAY 1234 T7K2Q9               | PAY **** T7K2Q9",
            "Pay t7k2q9 1234 thanks        | Pay t7k2q9 **** thanks",
            "付T7K2Q9 1234                 | 付T7K2Q9 ****",
            "PIN 1234 5678                 | PIN **** ****",
            "PIN 1234                      | PIN ****",
            "PIN １２３４ ５６７８         | PIN **** ****",
            "密碼1234 5678                 | 密碼**** ****",
            "SEND 91234567 2               | SEND 91234567 2",
            "SEND +852 9123 4567 1.5 thanks | SEND +852 9123 4567 1.5 thanks",
            "轉　９１２３４５６７　２      | 轉　９１２３４５６７　２",
            "ASK 91234567 2                | ASK 91234567 2",
            "DONATE 2 HKCC                 | DONATE 2 HKCC",
            "REG Mary HKCC                 | REG Mary HKCC",
            "LANG EN                       | LANG EN",
            "my pin is 1234                | my pin is ****",
            "hello                         | hello",
            "\"\"                          | \"\"",
    })
    void masksPins(String text, String stored) {
        assertEquals(stored, SmsParser.maskPins(text));
        assertEquals(stored, SmsParser.maskPins(stored), "masking twice changes nothing");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"BAL 1234", "PAY T7K2Q9 1234", "PIN 1234 5678", "1234", "YES 1234", "餘額1234"})
    void storedCopyHoldsNoPin(String text) {
        String stored = SmsParser.maskPins(text);
        assertFalse(stored.contains("1234") || stored.contains("5678"), stored);
    }
}
