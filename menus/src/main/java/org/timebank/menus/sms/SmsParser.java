package org.timebank.menus.sms;

import java.math.BigDecimal;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.timebank.ledger.Minutes;
import org.timebank.menus.sms.SmsCommand.Problem;

/**
 * Reads an inbound SMS into an {@link SmsCommand} following {@code sms.md}; a pure function that
 * never throws on user input, plus {@link #maskPins(String)} for the stored copy of a message.
 * Every character is first folded with NFKC (full-width digits, letters, {@code ＋－，．} and the
 * ideographic space become ASCII; dash-like characters such as {@code –} and {@code −} become
 * {@code -}); words are separated by any run of white space. The keyword is the first word,
 * case-insensitive, with trailing {@code . , ! ? ; : 。 、} ignored. A Chinese keyword may be
 * followed by its arguments without a space ({@code 餘額1234}, {@code 轉91234567 2}); a Latin
 * keyword may be too when the arguments start with a digit or {@code +} ({@code BAL1234}).
 * {@code HELP}, {@code STOP} and {@code START} ignore words after them; {@code NO}, {@code CANCEL}
 * and the language names must be sent alone, so that "No problem" does not cancel a transfer.
 * A message that is only one 4-digit group is a {@link SmsCommand.Confirm}. The keywords:
 *
 * <table>
 * <caption>Keywords and aliases</caption>
 * <tr><th>Command</th><th>English</th><th>中文</th><th>Kiswahili</th></tr>
 * <tr><td>HELP</td><td>HELP, INFO, MENU, ?</td><td>幫助 帮助 說明 说明</td><td>MSAADA</td></tr>
 * <tr><td>REG</td><td>REG, REGISTER, JOIN</td><td>註冊 注册 登記 登记</td><td>SAJILI, JISAJILI</td></tr>
 * <tr><td>PIN</td><td>PIN</td><td>密碼 密码</td><td>NENOSIRI</td></tr>
 * <tr><td>BAL</td><td>BAL, BALANCE</td><td>餘額 余额 結餘 结余</td><td>SALIO</td></tr>
 * <tr><td>SEND</td><td>SEND</td><td>轉 转 轉帳 轉賬 转账</td><td>TUMA</td></tr>
 * <tr><td>ASK</td><td>ASK, REQUEST</td><td>請求 请求 要求</td><td>OMBA</td></tr>
 * <tr><td>YES</td><td>YES, Y, CONFIRM</td><td>是 確認 确认</td><td>NDIYO</td></tr>
 * <tr><td>NO</td><td>NO, N</td><td>否 不</td><td>HAPANA</td></tr>
 * <tr><td>CANCEL</td><td>CANCEL</td><td>取消</td><td>GHAIRI</td></tr>
 * <tr><td>PAY</td><td>PAY</td><td>付 付款 支付</td><td>LIPA</td></tr>
 * <tr><td>DECLINE</td><td>DECLINE, REFUSE, REJECT</td><td>拒絕 拒绝</td><td>KATAA</td></tr>
 * <tr><td>DONATE</td><td>DONATE</td><td>捐 捐贈 捐赠 捐款</td><td>CHANGIA</td></tr>
 * <tr><td>LANG</td><td>LANG, LANGUAGE</td><td>語言 语言</td><td>LUGHA</td></tr>
 * <tr><td>STOP</td><td>STOP, STOPALL, UNSUBSCRIBE, END, QUIT</td><td>停止 退訂 退订</td><td>ACHA, SITISHA</td></tr>
 * <tr><td>START</td><td>START, UNSTOP</td><td>開始 开始</td><td>ANZA</td></tr>
 * <tr><td>NEED</td><td>NEED</td><td>需要</td><td>HITAJI</td></tr>
 * <tr><td>OFFER</td><td>OFFER</td><td>提供</td><td>TOA</td></tr>
 * <tr><td>FIND</td><td>FIND, SEARCH</td><td>搜尋 搜索 找</td><td>TAFUTA</td></tr>
 * <tr><td>CONTACT</td><td>CONTACT</td><td>聯絡 联络 聯繫 联系</td><td>WASILIANA</td></tr>
 * <tr><td>DONE</td><td>DONE</td><td>完成</td><td>MALIZA</td></tr>
 * <tr><td>RATE</td><td>RATE</td><td>評分 评分</td><td>KADIRIA</td></tr>
 * <tr><td>LANG EN (alone)</td><td>ENGLISH</td><td>英文</td><td>KIINGEREZA</td></tr>
 * <tr><td>LANG ZH (alone)</td><td>CHINESE</td><td>中文</td><td></td></tr>
 * <tr><td>LANG SW (alone)</td><td>SWAHILI</td><td></td><td>KISWAHILI</td></tr>
 * </table>
 */
public final class SmsParser {
    private SmsParser() {}

    private enum Arity { ARGS, ALONE_OR_WORDS, ALONE }

    private enum Kw {
        HELP("HELP", Arity.ALONE_OR_WORDS), REG("REG", Arity.ARGS), PIN("PIN", Arity.ARGS), BAL("BAL", Arity.ARGS),
        SEND("SEND", Arity.ARGS), ASK("ASK", Arity.ARGS), YES("YES", Arity.ARGS), NO("NO", Arity.ALONE),
        CANCEL("CANCEL", Arity.ALONE), PAY("PAY", Arity.ARGS), DECLINE("DECLINE", Arity.ARGS),
        DONATE("DONATE", Arity.ARGS), LANG("LANG", Arity.ARGS), STOP("STOP", Arity.ALONE_OR_WORDS),
        START("START", Arity.ALONE_OR_WORDS), NEED("NEED", Arity.ARGS), OFFER("OFFER", Arity.ARGS),
        FIND("FIND", Arity.ARGS), CONTACT("CONTACT", Arity.ARGS), DONE("DONE", Arity.ARGS), RATE("RATE", Arity.ARGS),
        LANG_EN("LANG", Arity.ALONE), LANG_ZH("LANG", Arity.ALONE), LANG_SW("LANG", Arity.ALONE);

        final String english;
        final Arity arity;

        Kw(String english, Arity arity) {
            this.english = english;
            this.arity = arity;
        }
    }

    private static final Map<String, Kw> KEYWORDS = new HashMap<>();
    /** Aliases that may be glued to their arguments, longest first. */
    private static final List<String> GLUABLE = new ArrayList<>();

    private static void alias(Kw kw, String... words) {
        for (String w : words) KEYWORDS.put(w, kw);
    }

    static {
        alias(Kw.HELP, "HELP", "INFO", "MENU", "?", "MSAADA", "幫助", "帮助", "說明", "说明");
        alias(Kw.REG, "REG", "REGISTER", "JOIN", "SAJILI", "JISAJILI", "註冊", "注册", "登記", "登记");
        alias(Kw.PIN, "PIN", "NENOSIRI", "密碼", "密码");
        alias(Kw.BAL, "BAL", "BALANCE", "SALIO", "餘額", "余额", "結餘", "结余");
        alias(Kw.SEND, "SEND", "TUMA", "轉", "转", "轉帳", "轉賬", "转账");
        alias(Kw.ASK, "ASK", "REQUEST", "OMBA", "請求", "请求", "要求");
        alias(Kw.YES, "YES", "Y", "CONFIRM", "NDIYO", "是", "確認", "确认");
        alias(Kw.NO, "NO", "N", "HAPANA", "否", "不");
        alias(Kw.CANCEL, "CANCEL", "GHAIRI", "取消");
        alias(Kw.PAY, "PAY", "LIPA", "付", "付款", "支付");
        alias(Kw.DECLINE, "DECLINE", "REFUSE", "REJECT", "KATAA", "拒絕", "拒绝");
        alias(Kw.DONATE, "DONATE", "CHANGIA", "捐", "捐贈", "捐赠", "捐款");
        alias(Kw.LANG, "LANG", "LANGUAGE", "LUGHA", "語言", "语言");
        alias(Kw.STOP, "STOP", "STOPALL", "UNSUBSCRIBE", "END", "QUIT", "ACHA", "SITISHA", "停止", "退訂", "退订");
        alias(Kw.START, "START", "UNSTOP", "ANZA", "開始", "开始");
        alias(Kw.NEED, "NEED", "HITAJI", "需要");
        alias(Kw.OFFER, "OFFER", "TOA", "提供");
        alias(Kw.FIND, "FIND", "SEARCH", "TAFUTA", "搜尋", "搜索", "找");
        alias(Kw.CONTACT, "CONTACT", "WASILIANA", "聯絡", "联络", "聯繫", "联系");
        alias(Kw.DONE, "DONE", "MALIZA", "完成");
        alias(Kw.RATE, "RATE", "KADIRIA", "評分", "评分");
        alias(Kw.LANG_EN, "ENGLISH", "KIINGEREZA", "英文");
        alias(Kw.LANG_ZH, "CHINESE", "中文");
        alias(Kw.LANG_SW, "SWAHILI", "KISWAHILI");
        KEYWORDS.forEach((w, kw) -> {
            if (kw.arity == Arity.ARGS) GLUABLE.add(w);
        });
        GLUABLE.sort(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()));
    }

    private static final Map<String, String> LANGUAGES = new HashMap<>();

    static {
        for (String w : List.of("EN", "ENG", "ENGLISH", "KIINGEREZA", "英文", "英語", "英语")) LANGUAGES.put(w, "en");
        for (String w : List.of("ZH", "ZHO", "CHI", "CHINESE", "KICHINA", "中文", "中", "粵語", "粤语", "廣東話",
                "广东话", "國語", "国语", "普通話", "普通话")) LANGUAGES.put(w, "zh");
        for (String w : List.of("SW", "SWA", "SWAHILI", "KISWAHILI", "斯瓦希里語", "斯瓦希里语")) LANGUAGES.put(w, "sw");
    }

    private enum Unit { HOURS, MINUTES }

    private static final Map<String, Unit> UNITS = new HashMap<>();

    static {
        for (String w : List.of("H", "HR", "HRS", "HOUR", "HOURS", "SAA", "MASAA", "小時", "小时", "鐘", "钟", "個鐘",
                "个钟", "鐘頭", "钟头", "個鐘頭", "个钟头", "個小時", "个小时")) UNITS.put(w, Unit.HOURS);
        for (String w : List.of("M", "MIN", "MINS", "MINUTE", "MINUTES", "DAKIKA", "分", "分鐘", "分钟")) UNITS.put(w, Unit.MINUTES);
    }

    private static final Pattern PIN = Pattern.compile("[0-9]{4}");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    private static final Pattern REFERENCE = Pattern.compile("(?=[0-9]*[A-Za-z])[A-Za-z0-9]{6}");
    private static final Pattern CODE = Pattern.compile("[A-Z0-9_-]{2,16}");
    private static final Pattern PHONE_FIRST = Pattern.compile("\\+?[0-9]+(?:-[0-9]+)*");
    private static final Pattern PHONE_GROUP = Pattern.compile("[0-9]+(?:-[0-9]+)*");
    private static final Pattern AMOUNT = Pattern.compile("([+-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+))(\\p{L}*)");
    private static final String TRAILING_PUNCTUATION = ".,!?;:。、";
    private static final int MIN_GROUPED_PHONE_DIGITS = 8;
    private static final int MAX_PHONE_DIGITS = 15;

    // ---------------------------------------------------------------- parsing

    /**
     * Reads one message; never throws and never returns null. A PIN is exactly 4 ASCII digits after
     * folding. Hours are a decimal with a dot or a comma ({@code 2}, {@code 1.5}, {@code 0,5}),
     * optionally with an hours unit ({@code 2h}, {@code 2 hours}, {@code 2小時}, {@code 2個鐘},
     * {@code 2 masaa}, {@code saa 2}), or minutes with a minutes unit ({@code 90m}, {@code 90 min}, {@code 90分鐘}, {@code 90 dakika}); positive and whole
     * minutes, no upper limit here. The phone of {@code SEND}/{@code ASK} is the first word (digits,
     * optionally a leading {@code +} and inner dashes) followed by further all-digit words: the hours
     * are the first of those further words that comes after at least 8 phone digits and has fewer
     * digits than the word before it ({@code 9123 4567 2}, {@code +852 9123 4567 2},
     * {@code 0712 345 678 2}, {@code 91234567 2 3 apples}); when none qualifies, all of them are the
     * phone and the hours are the next word ({@code 0712 345 678 1.5}). A {@code REG} community code
     * is the last word when there are at least two words and it is 2–16 of {@code A-Z 0-9 _ -} with
     * no lower-case letter as typed ({@code REG Mary Wong HKCC}; {@code REG Mary Wong} has none).
     * References are 6 letters or digits with at least one letter (as the ledger makes them);
     * {@code PAY 1234 T7K2Q9} is read like {@code PAY T7K2Q9 1234}, and a PAY whose second word is
     * neither is refused rather than paying the oldest request. Words after the last argument are
     * the note of SEND/ASK and ignored elsewhere, except that {@code PIN} takes exactly two.
     */
    public static SmsCommand parse(String text) {
        String original = text == null ? "" : text;
        try {
            return read(original);
        } catch (RuntimeException e) { // a safety net: a bug here must not break the gateway
            return new SmsCommand.Unknown(original);
        }
    }

    private static SmsCommand read(String original) {
        List<Tok> toks = tokenize(original);
        if (toks.isEmpty()) return new SmsCommand.Unknown(original);
        Head head = resolve(toks);
        if (head == null) {
            if (toks.size() == 1 && PIN.matcher(trimPunct(toks.get(0).text)).matches()) {
                return new SmsCommand.Confirm(trimPunct(toks.get(0).text));
            }
            return new SmsCommand.Unknown(original);
        }
        List<String> a = new ArrayList<>();
        for (Tok t : head.args) a.add(t.text);
        Kw kw = head.kw;
        return switch (kw) {
            case HELP -> new SmsCommand.Help();
            case STOP -> new SmsCommand.Stop();
            case START -> new SmsCommand.Start();
            case NO -> new SmsCommand.No();
            case CANCEL -> new SmsCommand.Cancel();
            case LANG_EN -> new SmsCommand.Language("en");
            case LANG_ZH -> new SmsCommand.Language("zh");
            case LANG_SW -> new SmsCommand.Language("sw");
            case REG -> register(a);
            case PIN -> pin(a);
            case BAL -> a.isEmpty() ? new SmsCommand.Balance(null)
                    : isPin(a.get(0)) ? new SmsCommand.Balance(trimPunct(a.get(0))) : invalid(kw, Problem.BAD_PIN);
            case YES -> a.isEmpty() ? invalid(kw, Problem.MISSING_ARGUMENT)
                    : isPin(a.get(0)) ? new SmsCommand.Confirm(trimPunct(a.get(0))) : invalid(kw, Problem.BAD_PIN);
            case SEND, ASK -> transfer(kw, a);
            case PAY -> pay(a);
            case DECLINE -> a.isEmpty() ? new SmsCommand.Decline(null)
                    : isReference(a.get(0)) ? new SmsCommand.Decline(upper(trimPunct(a.get(0))))
                    : invalid(kw, Problem.BAD_REFERENCE);
            case DONATE -> donate(a);
            case LANG -> language(a);
            case NEED, OFFER, FIND, CONTACT, DONE, RATE -> new SmsCommand.Marketplace(kw.english, a.isEmpty() ? "" : joined(a, 0));
        };
    }

    private static SmsCommand invalid(Kw kw, Problem problem) {
        return new SmsCommand.Invalid(kw.english, problem);
    }

    private static SmsCommand register(List<String> a) {
        if (a.isEmpty()) return invalid(Kw.REG, Problem.MISSING_ARGUMENT);
        String code = null;
        int nameWords = a.size();
        String last = trimPunct(a.get(a.size() - 1));
        if (a.size() >= 2 && CODE.matcher(last).matches()) {
            code = last;
            nameWords--;
        }
        String name = joined(a.subList(0, nameWords), 0);
        return isName(name) ? new SmsCommand.Register(name, code) : invalid(Kw.REG, Problem.BAD_NAME);
    }

    private static boolean isName(String name) {
        int length = name.codePointCount(0, name.length());
        if (length < 2 || length > 40) return false;
        boolean letter = false;
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            i += Character.charCount(cp);
            int type = Character.getType(cp);
            if (Character.isLetter(cp)) letter = true;
            else if (type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK) continue;
            else if (!Character.isDigit(cp) && " '’-.".indexOf(cp) < 0) return false;
        }
        return letter;
    }

    private static SmsCommand pin(List<String> a) {
        if (a.size() < 2) {
            return a.isEmpty() || isPin(a.get(0)) ? invalid(Kw.PIN, Problem.MISSING_ARGUMENT) : invalid(Kw.PIN, Problem.BAD_PIN);
        }
        if (a.size() > 2 || !isPin(a.get(0)) || !isPin(a.get(1))) return invalid(Kw.PIN, Problem.BAD_PIN);
        return new SmsCommand.SetOrChangePin(trimPunct(a.get(0)), trimPunct(a.get(1)));
    }

    private static SmsCommand pay(List<String> a) {
        if (a.isEmpty()) return invalid(Kw.PAY, Problem.MISSING_ARGUMENT);
        String first = trimPunct(a.get(0));
        if (a.size() == 1) {
            if (isPin(first)) return new SmsCommand.Pay(null, first);
            return invalid(Kw.PAY, isReference(first) ? Problem.MISSING_ARGUMENT : Problem.BAD_PIN);
        }
        String second = trimPunct(a.get(1));
        int ref = referenceIndex(a);
        if (ref == 0) return isPin(second) ? new SmsCommand.Pay(upper(first), second) : invalid(Kw.PAY, Problem.BAD_PIN);
        if (ref == 1 && isPin(first)) return new SmsCommand.Pay(upper(second), first); // "PAY 1234 T7K2Q9"
        // "PAY T7K2Q 1234", "PAY 1234 T7K2Q": never fall back to the oldest request when a reference was meant
        if (isPin(first) || isPin(second)) return invalid(Kw.PAY, Problem.BAD_REFERENCE);
        return invalid(Kw.PAY, DIGITS.matcher(first).matches() ? Problem.BAD_PIN : Problem.BAD_REFERENCE);
    }

    /** Which of the first two arguments of PAY looks like a reference: 0, 1 or -1. */
    private static int referenceIndex(List<String> a) {
        if (a.isEmpty()) return -1;
        if (isReference(a.get(0))) return 0;
        if (a.size() >= 2 && isReference(a.get(1))) return 1;
        return -1;
    }

    private static SmsCommand transfer(Kw kw, List<String> a) {
        if (a.isEmpty()) return invalid(kw, Problem.MISSING_ARGUMENT);
        if (!PHONE_FIRST.matcher(a.get(0)).matches()) return invalid(kw, Problem.BAD_PHONE);
        int run = 1;
        while (run < a.size() && PHONE_GROUP.matcher(a.get(run)).matches()) run++;
        int phoneEnd = run;
        int digits = digitCount(a.get(0));
        for (int i = 1; i < run; i++) {
            int here = digitCount(a.get(i));
            if (digits >= MIN_GROUPED_PHONE_DIGITS && here < digitCount(a.get(i - 1))) {
                phoneEnd = i;
                break;
            }
            digits += here;
        }
        StringBuilder phone = new StringBuilder();
        for (int i = 0; i < phoneEnd; i++) phone.append(a.get(i).replace("-", ""));
        if (digitCount(phone) > MAX_PHONE_DIGITS) return invalid(kw, Problem.BAD_PHONE);
        if (phoneEnd >= a.size()) return invalid(kw, Problem.MISSING_ARGUMENT);
        Amount amount = amount(a, phoneEnd);
        if (amount.problem != null) return invalid(kw, amount.problem);
        String note = joined(a, phoneEnd + amount.words);
        String p = phone.toString();
        return kw == Kw.SEND ? new SmsCommand.Send(p, amount.minutes, note) : new SmsCommand.Ask(p, amount.minutes, note);
    }

    private static SmsCommand donate(List<String> a) {
        if (a.isEmpty()) return invalid(Kw.DONATE, Problem.MISSING_ARGUMENT);
        Amount amount = amount(a, 0);
        if (amount.problem != null) return invalid(Kw.DONATE, amount.problem);
        String fund = amount.words < a.size() ? upper(trimPunct(a.get(amount.words))) : null;
        return new SmsCommand.Donate(amount.minutes, fund == null || fund.isEmpty() ? null : fund);
    }

    private static SmsCommand language(List<String> a) {
        if (a.isEmpty()) return invalid(Kw.LANG, Problem.MISSING_ARGUMENT);
        String word = upper(trimPunct(a.get(0)));
        String code = LANGUAGES.get(word);
        if (code == null) code = LANGUAGES.get(word.split("[-_]", 2)[0]); // ZH-HK, en_GB
        return code == null ? invalid(Kw.LANG, Problem.BAD_LANGUAGE) : new SmsCommand.Language(code);
    }

    private record Amount(long minutes, int words, Problem problem) {
        static Amount problem(Problem p) {
            return new Amount(0, 0, p);
        }
    }

    /** Reads the amount starting at word {@code i}: a number with an optional unit glued or in the next word, or a unit word then a number. */
    private static Amount amount(List<String> a, int i) {
        String word = trimPunct(a.get(i));
        Matcher m = AMOUNT.matcher(word);
        String number;
        String unitWord;
        int words = 1;
        if (m.matches()) {
            number = m.group(1);
            unitWord = m.group(2);
            if (unitWord.isEmpty() && i + 1 < a.size() && UNITS.containsKey(upper(trimPunct(a.get(i + 1))))) {
                unitWord = trimPunct(a.get(i + 1));
                words = 2;
            }
        } else if (UNITS.containsKey(upper(word)) && i + 1 < a.size()
                && (m = AMOUNT.matcher(trimPunct(a.get(i + 1)))).matches() && m.group(2).isEmpty()) {
            number = m.group(1); // "saa 2"
            unitWord = word;
            words = 2;
        } else {
            return Amount.problem(Problem.BAD_HOURS);
        }
        Unit unit = unitWord.isEmpty() ? Unit.HOURS : UNITS.get(upper(unitWord));
        if (unit == null) return Amount.problem(Problem.BAD_HOURS);
        if (unit == Unit.MINUTES) return wholeMinutes(new BigDecimal(number.replace(',', '.')), words);
        Minutes.Parsed parsed = Minutes.fromHours(number);
        if (parsed.ok()) return new Amount(parsed.minutes(), words, null);
        return switch (parsed.problem()) {
            case NOT_POSITIVE -> Amount.problem(Problem.HOURS_NOT_POSITIVE);
            case NOT_WHOLE_MINUTES -> Amount.problem(Problem.NOT_WHOLE_MINUTES);
            case MISSING -> Amount.problem(Problem.MISSING_ARGUMENT);
            case NOT_A_NUMBER -> Amount.problem(Problem.BAD_HOURS);
            // beyond the ledger's ceiling: still read exactly, the caller's limit refuses it
            case TOO_LARGE -> wholeMinutes(new BigDecimal(number.replace(',', '.')).multiply(BigDecimal.valueOf(60)), words);
        };
    }

    private static Amount wholeMinutes(BigDecimal minutes, int words) {
        if (minutes.signum() <= 0) return Amount.problem(Problem.HOURS_NOT_POSITIVE);
        if (minutes.stripTrailingZeros().scale() > 0) return Amount.problem(Problem.NOT_WHOLE_MINUTES);
        if (minutes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) return Amount.problem(Problem.BAD_HOURS);
        return new Amount(minutes.longValueExact(), words, null);
    }

    // ---------------------------------------------------------------- masking

    /**
     * The message as typed with every PIN argument replaced by {@code ****}: both arguments of
     * {@code PIN}, any argument with a digit of {@code BAL} and {@code YES} (and their aliases),
     * any argument with a digit of {@code PAY} except its reference, and a message that is one
     * group of 3–6 digits. In a message that is no known command, every group of exactly 4 digits
     * is masked too (e.g. "my pin is 1234"). Phones, hours and everything else stay as typed,
     * spacing and full-width characters included. Never throws; {@code null} gives {@code ""}.
     */
    public static String maskPins(String text) {
        if (text == null) return "";
        try {
            List<Tok> toks = tokenize(text);
            List<Tok> secret = secretWords(toks);
            if (secret.isEmpty()) return text;
            StringBuilder out = new StringBuilder();
            int at = 0;
            for (Tok t : secret) {
                out.append(text, at, t.start()).append("****");
                at = t.end();
            }
            return out.append(text, at, text.length()).toString();
        } catch (RuntimeException e) { // never store what could not be read safely
            return text.replaceAll("[0-9０-９]", "*");
        }
    }

    private static List<Tok> secretWords(List<Tok> toks) {
        List<Tok> secret = new ArrayList<>();
        if (toks.isEmpty()) return secret;
        Head head = resolve(toks);
        if (head == null) {
            if (toks.size() == 1 && trimPunct(toks.get(0).text).matches("[0-9]{3,6}")) secret.add(toks.get(0));
            else for (Tok t : toks) if (PIN.matcher(trimPunct(t.text)).matches()) secret.add(t);
            return secret;
        }
        switch (head.kw) {
            case PIN -> secret.addAll(head.args);
            case BAL, YES -> {
                for (Tok t : head.args) if (hasDigit(t.text)) secret.add(t);
            }
            case PAY -> {
                List<String> a = new ArrayList<>();
                for (Tok t : head.args) a.add(t.text);
                int ref = referenceIndex(a);
                for (int i = 0; i < a.size(); i++) if (i != ref && hasDigit(a.get(i))) secret.add(head.args.get(i));
            }
            // a PIN typed in one go with SEND/ASK (as the note) or DONATE (as the fund code)
            case SEND, ASK -> {
                Tok last = head.args.isEmpty() ? null : head.args.get(head.args.size() - 1);
                if (head.args.size() >= 3 && PIN.matcher(trimPunct(last.text)).matches()) secret.add(last);
            }
            case DONATE -> {
                for (int i = 1; i < head.args.size(); i++) if (PIN.matcher(trimPunct(head.args.get(i).text)).matches()) secret.add(head.args.get(i));
            }
            default -> { }
        }
        return secret;
    }

    // ---------------------------------------------------------------- words

    /** A word after folding, with the index in the original text each of its chars came from. */
    private record Tok(String text, int[] src, int end) {
        int start() {
            return src[0];
        }

        Tok from(int k) {
            return new Tok(text.substring(k), Arrays.copyOfRange(src, k, src.length), end);
        }
    }

    private record Head(Kw kw, List<Tok> args) {}

    private static List<Tok> tokenize(String s) {
        List<Tok> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        int[] src = new int[16];
        int end = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int next = i + Character.charCount(cp);
            String f = fold(cp);
            for (int k = 0; k < f.length(); k++) {
                char c = f.charAt(k);
                int type = Character.getType(c);
                if (Character.isWhitespace(c) || Character.isSpaceChar(c) || type == Character.CONTROL) {
                    if (word.length() > 0) out.add(new Tok(word.toString(), Arrays.copyOf(src, word.length()), end));
                    word.setLength(0);
                } else if (type != Character.FORMAT) { // zero-width spaces, joiners, BOM
                    if (word.length() == src.length) src = Arrays.copyOf(src, src.length * 2);
                    src[word.length()] = i;
                    word.append(c);
                    end = next;
                }
            }
            i = next;
        }
        if (word.length() > 0) out.add(new Tok(word.toString(), Arrays.copyOf(src, word.length()), end));
        return out;
    }

    private static String fold(int cp) {
        String f = Normalizer.normalize(new String(Character.toChars(cp)), Normalizer.Form.NFKC);
        if (f.length() == 1) {
            char c = f.charAt(0);
            if ((c >= '\u2010' && c <= '\u2015') || c == '\u2212' || c == '\uFE58' || c == '\uFE63') return "-";
        }
        return f;
    }

    /** The keyword and its arguments, or null when the first word is no keyword. */
    private static Head resolve(List<Tok> toks) {
        Tok first = toks.get(0);
        List<Tok> rest = new ArrayList<>(toks.subList(1, toks.size()));
        String up = upper(first.text);
        Kw kw = KEYWORDS.get(up);
        if (kw == null) kw = KEYWORDS.get(trimPunct(up));
        if (kw != null) {
            if (kw.arity == Arity.ARGS || kw.arity == Arity.ALONE_OR_WORDS) return new Head(kw, rest);
            for (Tok t : rest) if (!trimPunct(t.text).isEmpty()) return null; // "No problem"
            return new Head(kw, List.of());
        }
        for (String alias : GLUABLE) {
            int n = alias.length();
            if (first.text.length() <= n || !first.text.regionMatches(true, 0, alias, 0, n)) continue;
            char next = first.text.charAt(n);
            boolean cjk = alias.charAt(0) > 0x7F;
            if (cjk || (next >= '0' && next <= '9') || next == '+') {
                rest.add(0, first.from(n));
                return new Head(KEYWORDS.get(alias), rest);
            }
        }
        return null;
    }

    private static String trimPunct(String s) {
        int end = s.length();
        while (end > 0 && TRAILING_PUNCTUATION.indexOf(s.charAt(end - 1)) >= 0) end--;
        return end == 0 ? s : s.substring(0, end);
    }

    private static String upper(String s) {
        return s.toUpperCase(Locale.ROOT);
    }

    private static boolean isPin(String s) {
        return PIN.matcher(trimPunct(s)).matches();
    }

    private static boolean isReference(String s) {
        return REFERENCE.matcher(trimPunct(s)).matches();
    }

    private static boolean hasDigit(String s) {
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) >= '0' && s.charAt(i) <= '9') return true;
        return false;
    }

    private static int digitCount(CharSequence s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) >= '0' && s.charAt(i) <= '9') n++;
        return n;
    }

    /** Words from {@code from} on joined by single spaces (NFKC again, to compose accents), or null when none. */
    private static String joined(List<String> a, int from) {
        if (from >= a.size()) return null;
        return Normalizer.normalize(String.join(" ", a.subList(from, a.size())), Normalizer.Form.NFKC);
    }
}
