package org.timebank.menus.ussd;

import static org.junit.jupiter.api.Assertions.*;
import static org.timebank.ledger.LedgerFixture.await;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.timebank.ledger.Member;
import org.timebank.ledger.Org;
import org.timebank.sms.TextLength;

/**
 * Walks every screen of the menu in every language with the longest data a deployment allows
 * (40-character names, NGO and fund names, 60-character notes, many NGOs), and checks each screen
 * against the limit for its encoding: 160 GSM-7 characters, or 80 when it needs UCS-2.
 */
class UssdWalkTest {
    static final String LONG = "Wanjikuachiengotienomwangikamaunjeriabcd"; // 40 characters, one word
    static final String LONG_ZH = "陳".repeat(40);
    UssdWorld w;
    final Set<Screen> seen = EnumSet.noneOf(Screen.class);

    @BeforeEach
    void start() {
        w = new UssdWorld("Kowloon City Elderly Care Association Ltd", "Kowloon City time voucher fund for elders");
        for (int i = 1; i <= 14; i++) {
            await(w.f.ledger.directory().createOrg(new Org(0, "ORG" + i, "Community centre of district number " + i, "D" + i,
                    null, null, null, null, null, null, null, null)));
        }
        await(w.f.ledger.directory().createCategory(new org.timebank.ledger.Category("meals", "Meals and cooking for elders at home",
                "為長者在家煮飯送飯及陪伴進餐服務", "Chakula na kupika kwa wazee nyumbani")));
    }

    @AfterEach
    void stop() {
        w.close();
    }

    private UssdEngine.Hop fits(UssdEngine.Hop hop) {
        String text = hop.response().substring(4);
        assertTrue(TextLength.fitsScreen(text, 160, 80), "too long (" + TextLength.units(text) + "): " + text);
        if (!hop.ended()) seen.add(hop.state().screen());
        return hop;
    }

    private void walk(UssdWorld.Session s, String... inputs) {
        fits(s.dial());
        for (String in : inputs) fits(s.type(in));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"en", "zh", "sw"})
    void everyScreenFitsWithTheLongestData(String lang) {
        String name = lang.equals("zh") ? LONG_ZH : LONG;
        Member me = w.member(name + " " + name, lang, 24 * 60 - 1, UssdWorld.PIN);
        Member other = w.member(name, "en", 0, UssdWorld.OTHER_PIN);
        String to = other.phone().substring(4), pin = UssdWorld.PIN, note = "n".repeat(60);
        String langPick = switch (lang) { case "zh" -> "2"; case "sw" -> "3"; default -> "1"; };

        // registration, paging through every NGO
        UssdWorld.Session newcomer = w.session(w.e164(w.freshLocalNumber()));
        walk(newcomer, "9", langPick, "x", name);
        List<String> pages = new ArrayList<>();
        pages.add(newcomer.hop.response());
        for (int i = 0; i < 10 && newcomer.hop.response().contains("98."); i++) pages.add(fits(newcomer.type("98")).response());
        assertTrue(pages.size() >= 2, "15 NGOs take more than one page: " + pages);
        fits(newcomer.type("98"));
        fits(newcomer.type("1"));
        walk(w.session(w.e164(w.freshLocalNumber())), langPick, name, "1", pin, "0000", pin, "1357");

        // every member screen, with the longest values, and every wrong input
        walk(w.session(me.phone()), "9", "1", "x", to, "x", "23.99", "12", "0");
        walk(w.session(me.phone()), "2", "1357");
        walk(w.session(me.phone()), "4", to, "23.99", note, "7", "0");
        walk(w.session(me.phone()), "5", "9", "1", "x", "1", "12");
        walk(w.session(me.phone()), "6", "9", "1", pin, "1111", "3715", "1357");
        walk(w.session(me.phone()), "6", "2", "9", "0", "3", "0", "4", "9");
        walk(w.session(me.phone()), "7");

        // needs and offers: post (every screen), browse to it from another phone, contact, my posts, close
        walk(w.session(me.phone()), "3", "9", "3", "1", "ab", note.substring(0, 40), "x", "23.95", "1");
        walk(w.session(other.phone()), "3", "1", "1", "1", "0");
        walk(w.session(me.phone()), "3", "5", "1", "9");


        // a waiting request with the longest note, the resume offer and the outcome
        walk(w.session(other.phone()), "4", me.phone().substring(4), "23.95", note, "1");
        walk(w.session(me.phone()), "9", "1", "12");
        UssdWorld.Session dropped = w.session(me.phone());
        walk(dropped, "3", "1", to);
        UssdEngine.Hop offer = fits(await(w.engine.dial("resume-" + lang, me.phone(), new UssdEngine.Entry(dropped.hop.state(), null, false))));
        assertEquals(Screen.RESUME, offer.state().screen());
        String longestOutcome = w.render(lang, "ussd.send.done", java.util.Map.of("hours", "23h59m", "name", name.substring(0, 12),
                "ref", "T7K2Q9", "balance", "-23h59m"));
        fits(await(w.engine.dial("outcome-" + lang, me.phone(), new UssdEngine.Entry(null, longestOutcome, false))));

        // staff-registered member choosing a PIN
        walk(w.session(w.member(name, lang, 0, null).phone()), "1111", pin);

        assertEquals(EnumSet.allOf(Screen.class), seen, "screens never reached: " + EnumSet.complementOf(EnumSet.copyOf(seen)));
    }

    @Test
    void theNgoPickedOnTheSecondPageIsTheOneRegistered() {
        UssdWorld.Session s = w.session(w.e164(w.freshLocalNumber()));
        walk(s, "1", "Mary Chan");
        String first = s.hop.response();
        String second = fits(s.type("98")).response();
        assertNotEquals(first, second);
        String picked = second.lines().filter(l -> l.startsWith("1. ")).findFirst().orElseThrow().substring(3);
        walk2(s, "1", UssdWorld.PIN, UssdWorld.PIN);
        assertTrue(s.hop.response().contains(picked), "registered with " + picked + ": " + s.hop.response());
        assertTrue(first.contains("98. More") && !first.contains(picked));
    }

    private void walk2(UssdWorld.Session s, String... inputs) {
        for (String in : inputs) fits(s.type(in));
    }
}
