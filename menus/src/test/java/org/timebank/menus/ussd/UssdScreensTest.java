package org.timebank.menus.ussd;

import static org.junit.jupiter.api.Assertions.*;
import static org.timebank.ledger.LedgerFixture.await;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.timebank.ledger.Member;
import org.timebank.sms.Language;
import org.timebank.sms.TextLength;

/**
 * Every screen and transition of ussd.md, in each language, as a table: the inputs a member types
 * after dialing, the screen they land on, and the text that screen must show. Runs against a real
 * PostgreSQL ledger; every answer is also checked against the screen length limit.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UssdScreensTest {
    UssdWorld w;
    Member other, suspended;

    @BeforeAll
    void start() {
        w = new UssdWorld("Kowloon Care", "Voucher fund");
        other = w.member("Ben Otieno", "en", 0, UssdWorld.OTHER_PIN);
        suspended = w.member("Sam Paused", "en", 0, UssdWorld.OTHER_PIN);
        LedgerFixtureAccess.suspend(w, suspended.id());
        await(w.f.ledger.posts().create(other.id(), "offer", "repairs", "I fix doors and windows", 120L, 30));
    }

    @AfterAll
    void stop() {
        w.close();
    }

    /** Inputs joined by *, the screen reached (null: the session ended), the text key it shows. */
    static final List<String[]> MEMBER_ROWS = List.of(
            row("", "MAIN", "ussd.main.send"),
            row("9", "MAIN", "ussd.invalid"),
            row("0", "MAIN", "ussd.invalid"),
            row("1", "SEND_PHONE", "ussd.send.phone"),
            row("1*0", "MAIN", "ussd.main.send"),
            row("1*00", "MAIN", "ussd.main.help"),
            row("1*abc", "SEND_PHONE", "ussd.phone.invalid"),
            row("1*{own}", "SEND_PHONE", "ussd.phone.own"),
            row("1*91239999", "SEND_PHONE", "ussd.phone.unknown"),
            row("1*{suspended}", "SEND_PHONE", "ussd.phone.inactive"),
            row("1*{other}", "SEND_AMOUNT", "ussd.amount"),
            row("1*{other}*0", "SEND_PHONE", "ussd.send.phone"),
            row("1*{other}*lots", "SEND_AMOUNT", "ussd.amount.invalid"),
            row("1*{other}*-1", "SEND_AMOUNT", "ussd.amount.not_positive"),
            row("1*{other}*0.001", "SEND_AMOUNT", "ussd.amount.minutes"),
            row("1*{other}*25", "SEND_AMOUNT", "ussd.amount.over_limit"),
            row("1*{other}*6", "SEND_AMOUNT", "ussd.amount.over_balance"),
            row("1*{other}*0,5", "SEND_CONFIRM", "ussd.send.confirm"),
            row("1*{other}*90m", "SEND_CONFIRM", "ussd.send.confirm"),
            row("1*{other}*2", "SEND_CONFIRM", "ussd.opt.cancel"),
            row("1*{other}*2*0", "MAIN", "ussd.cancelled"),
            row("1*{other}*2*12", "SEND_CONFIRM", "ussd.pin.weak.not_four_digits"),
            row("1*{other}*2*{wrong}", "SEND_CONFIRM", "ussd.pin.wrong"),
            row("1*{other}*2*{pin}", null, "ussd.send.done"),
            row("2", "BALANCE_PIN", "ussd.balance.pin"),
            row("2*{wrong}", "BALANCE_PIN", "ussd.pin.wrong"),
            row("2*{pin}", null, "ussd.balance.done"),
            row("4", "REQUEST_PHONE", "ussd.request.phone"),
            row("4*{own}", "REQUEST_PHONE", "ussd.phone.own"),
            row("4*{other}", "REQUEST_AMOUNT", "ussd.amount"),
            row("4*{other}*30", "REQUEST_AMOUNT", "ussd.amount.over_limit"),
            row("4*{other}*8", "REQUEST_NOTE", "ussd.request.note"),
            row("4*{other}*8*0", "REQUEST_CONFIRM", "ussd.request.confirm"),
            row("4*{other}*8*Fixing the door", "REQUEST_CONFIRM", "ussd.request.confirm"),
            row("4*{other}*8*" + "x".repeat(61), "REQUEST_NOTE", "ussd.request.note_invalid"),
            row("4*{other}*8*door*5", "REQUEST_CONFIRM", "ussd.invalid"),
            row("4*{other}*8*door*0", "REQUEST_NOTE", "ussd.request.note"),
            row("4*{other}*8*door*1", null, "ussd.request.done"),
            row("5", "DONATE_FUND", "ussd.donate.fund"),
            row("5*7", "DONATE_FUND", "ussd.invalid"),
            row("5*98", "DONATE_FUND", "ussd.invalid"),
            row("5*1", "DONATE_AMOUNT", "ussd.amount"),
            row("5*1*1", "DONATE_CONFIRM", "ussd.donate.confirm"),
            row("5*1*1*0", "MAIN", "ussd.cancelled"),
            row("5*1*1*{pin}", null, "ussd.donate.done"),
            row("6", "ACCOUNT", "ussd.account.pin"),
            row("6*0", "MAIN", "ussd.main.send"),
            row("6*1", "PIN_OLD", "ussd.pin.old"),
            row("6*1*{wrong}", "PIN_OLD", "ussd.pin.wrong"),
            row("6*1*{pin}", "PIN_NEW", "ussd.pin.new"),
            row("6*1*{pin}*{pin}", "PIN_NEW", "ussd.pin.same"),
            row("6*1*{pin}*1111", "PIN_NEW", "ussd.pin.weak.repeated"),
            row("6*1*{pin}*{new}", "PIN_NEW_AGAIN", "ussd.pin.new_again"),
            row("6*1*{pin}*{new}*{other_pin}", "PIN_NEW", "ussd.reg.pin_mismatch"),
            row("6*1*{pin}*{new}*{new}", null, "ussd.pin.changed"),
            row("6*2", "LANGUAGE", "ussd.language"),
            row("6*2*9", "LANGUAGE", "ussd.invalid"),
            row("6*3", "DETAILS", "ussd.details"),
            row("6*3*0", "ACCOUNT", "ussd.account.details"),
            row("6*3*1", "DETAILS", "ussd.invalid"),
            row("6*4", "OFFERS", "ussd.offers.on"),
            row("6*4*1", null, "ussd.offers.saved_off"),
            row("7", null, "ussd.help"),
            row("3", "OFFERS_MENU", "ussd.offers.browse_offers"),
            row("3*9", "OFFERS_MENU", "ussd.invalid"),
            row("3*0", "MAIN", "ussd.main.offers"),
            row("3*1", "BROWSE_CATEGORY", "ussd.offers.category"),
            row("3*1*1", "BROWSE_LIST", "ussd.offers.list_offers"),
            row("3*1*1*1", "POST_DETAIL", "ussd.offers.contact"),
            row("3*1*1*1*0", "BROWSE_LIST", "ussd.opt.back"),
            row("3*1*1*1*1", null, "ussd.offers.contacted"),
            row("3*3", "POST_CATEGORY", "ussd.offers.category"),
            row("3*3*1", "POST_TEXT", "ussd.offers.text"),
            row("3*3*1*ab", "POST_TEXT", "ussd.offers.text_invalid"),
            row("3*3*1*Cook soup for elders", "POST_HOURS", "ussd.offers.hours"),
            row("3*3*1*Cook soup for elders*x", "POST_HOURS", "ussd.amount.invalid"),
            row("3*3*1*Cook soup for elders*0", "POST_CONFIRM", "ussd.opt.cancel"),
            row("3*3*1*Cook soup for elders*2*0", "MAIN", "ussd.cancelled"),
            row("3*3*1*Cook soup for elders*2*1", null, "ussd.offers.posted"),
            row("3*5", "MY_POSTS", "ussd.offers.none"),
            row("3*5*1", "MY_POSTS", "ussd.invalid"));

    static String[] row(String inputs, String screen, String key) {
        return new String[] {inputs, screen, key};
    }

    Stream<Arguments> memberRows() {
        return Stream.of("en", "zh", "sw").flatMap(lang -> MEMBER_ROWS.stream().map(r -> Arguments.of(lang, r[0], r[1], r[2])));
    }

    @ParameterizedTest(name = "{0}: dial, {1} -> {2} showing {3}")
    @MethodSource("memberRows")
    void aRegisteredMember(String lang, String inputs, String screen, String key) {
        Member caller = w.member("Ann Wong", lang, 300, UssdWorld.PIN);
        UssdWorld.Session s = w.session(caller.phone());
        check(lang, s.dial());
        Map<String, String> values = Map.of("{own}", caller.phone().substring(4), "{other}", other.phone().substring(4),
                "{suspended}", suspended.phone().substring(4), "{pin}", UssdWorld.PIN, "{wrong}", "1357",
                "{new}", UssdWorld.NEW_PIN, "{other_pin}", UssdWorld.OTHER_PIN);
        if (!inputs.isEmpty()) {
            for (String in : inputs.split("\\*", -1)) check(lang, s.type(values.getOrDefault(in, in)));
        }
        assertLands(lang, s.hop, screen, key);
    }

    static final List<String[]> NEWCOMER_ROWS = List.of(
            row("", "LANGUAGE_PICK", "ussd.welcome"),
            row("4", "LANGUAGE_PICK", "ussd.invalid"),
            row("{lang}", "REG_NAME", "ussd.reg.name"),
            row("{lang}*0", "LANGUAGE_PICK", "ussd.welcome"),
            row("{lang}*A", "REG_NAME", "ussd.reg.name_invalid"),
            row("{lang}*12345", "REG_NAME", "ussd.reg.name_invalid"),
            row("{lang}*Mary Chan", "REG_ORG", "ussd.reg.org"),
            row("{lang}*Mary Chan*0", "REG_NAME", "ussd.reg.name"),
            row("{lang}*Mary Chan*5", "REG_ORG", "ussd.invalid"),
            row("{lang}*Mary Chan*1", "REG_PIN", "ussd.reg.pin"),
            row("{lang}*Mary Chan*1*0000", "REG_PIN", "ussd.pin.weak.repeated"),
            row("{lang}*Mary Chan*1*1234", "REG_PIN", "ussd.pin.weak.sequence"),
            row("{lang}*Mary Chan*1*{own4}", "REG_PIN", "ussd.pin.weak.own_phone"),
            row("{lang}*Mary Chan*1*{pin}", "REG_PIN_AGAIN", "ussd.reg.pin_again"),
            row("{lang}*Mary Chan*1*{pin}*0", "REG_PIN", "ussd.reg.pin"),
            row("{lang}*Mary Chan*1*{pin}*{other_pin}", "REG_PIN", "ussd.reg.pin_mismatch"),
            row("{lang}*Mary Chan*1*{pin}*{pin}", null, "ussd.reg.done"));

    Stream<Arguments> newcomerRows() {
        return Stream.of("en", "zh", "sw").flatMap(lang -> NEWCOMER_ROWS.stream().map(r -> Arguments.of(lang, r[0], r[1], r[2])));
    }

    @ParameterizedTest(name = "{0}: a new phone dials, {1} -> {2} showing {3}")
    @MethodSource("newcomerRows")
    void aNewcomerRegisters(String lang, String inputs, String screen, String key) {
        String phone = w.e164(w.freshLocalNumber());
        UssdWorld.Session s = w.session(phone);
        check("en", s.dial());
        String pick = switch (lang) { case "zh" -> "2"; case "sw" -> "3"; default -> "1"; };
        Map<String, String> values = Map.of("{lang}", pick, "{pin}", UssdWorld.PIN, "{other_pin}", UssdWorld.OTHER_PIN,
                "{own4}", phone.substring(phone.length() - 4));
        String shown = inputs.startsWith("{lang}") ? lang : "en";
        if (!inputs.isEmpty()) {
            for (String in : inputs.split("\\*", -1)) check(shown, s.type(values.getOrDefault(in, in)));
        }
        assertLands(shown, s.hop, screen, key);
    }

    @ParameterizedTest(name = "{0}: a member staff registered chooses a PIN")
    @MethodSource("languages")
    void aMemberRegisteredByStaffOnlyChoosesAPin(String lang) {
        Member m = w.member("Lee Siu Ming", lang, 0, null);
        UssdWorld.Session s = w.session(m.phone());
        assertLands(lang, check(lang, s.dial()), "SET_PIN", "ussd.setpin.intro");
        assertLands(lang, check(lang, s.type("2222")), "SET_PIN", "ussd.pin.weak.repeated");
        assertLands(lang, check(lang, s.type(UssdWorld.PIN)), "SET_PIN_AGAIN", "ussd.reg.pin_again");
        assertLands(lang, check(lang, s.type(UssdWorld.PIN)), null, "ussd.setpin.done");
        assertEquals("active", LedgerFixtureAccess.status(w, m.id()));
    }

    Stream<String> languages() {
        return Stream.of("en", "zh", "sw");
    }

    private UssdEngine.Hop check(String lang, UssdEngine.Hop hop) {
        String text = hop.response().substring(4);
        assertTrue(TextLength.fitsScreen(text, 160, 80), lang + " screen too long (" + TextLength.units(text) + "): " + text);
        assertTrue(hop.response().startsWith(hop.ended() ? "END " : "CON "));
        return hop;
    }

    private void assertLands(String lang, UssdEngine.Hop hop, String screen, String key) {
        if (screen == null) assertTrue(hop.ended(), "expected the session to end, got " + hop.response());
        else {
            assertFalse(hop.ended(), "expected " + screen + ", got " + hop.response());
            assertEquals(screen, hop.state().screen().name(), hop.response());
        }
        String fragment = fragment(lang, key);
        assertTrue(hop.response().contains(fragment), "expected \"" + fragment + "\" in " + hop.response());
    }

    /** The longest fixed part of a text (the words between its placeholders), in a language. */
    static String fragment(String lang, String key) {
        Map<String, String> marks = new HashMap<>();
        for (String p : UssdWorld.SCREENS.placeholders(key)) marks.put(p, "\u0001");
        String rendered = UssdWorld.SCREENS.render(Language.fromCode(lang).orElseThrow(), key, marks);
        String best = "";
        for (String part : rendered.split("\u0001")) {
            for (String line : part.split("\n")) if (line.trim().length() > best.length()) best = line.trim();
        }
        return best;
    }
}
