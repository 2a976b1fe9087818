package org.timebank.gateway;

import static org.junit.jupiter.api.Assertions.*;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ussd.md end to end over Africa's Talking's wire format against a real PostgreSQL. */
class UssdFlowTest {
    static final String PIN_A = "4826", PIN_B = "7391";
    GatewayFixture f;
    String coord;

    @BeforeEach
    void start() throws Exception {
        f = new GatewayFixture();
        consortium();
    }

    void consortium() {
        String admin = f.admin();
        f.post("/api/v1/orgs", admin, new JsonObject().put("code", "KLN").put("name", "Kowloon Care").put("district", "Kowloon City")
                .put("contact", "2345 6789"));
        f.post("/api/v1/funds", admin, new JsonObject().put("code", "KLN-FUND").put("name", "Voucher fund").put("org", "KLN"));
        f.post("/api/v1/staff", admin, new JsonObject().put("username", "coord").put("password", "a-long-password")
                .put("role", "coordinator").put("org", "KLN"));
        coord = f.login("coord", "a-long-password");
    }

    @AfterEach
    void stop() {
        f.close();
    }

    Phone register(String number, String language, String name, String pin) {
        Phone p = new Phone(f, number);
        assertTrue(p.dial().startsWith("CON Welcome to the Time Bank\n1. English\n2. 中文\n3. Kiswahili"), p.last);
        p.type(language);
        p.type(name);
        p.type("1");
        p.type(pin);
        String done = p.type(pin);
        assertTrue(done.startsWith("END "), done);
        return p;
    }

    long balance(Phone p) {
        JsonArray items = f.get("/api/v1/members?q=" + p.number.substring(4), coord).json().getJsonArray("items");
        return items.getJsonObject(0).getLong("balanceMinutes");
    }

    void credit(Phone p, int hours) {
        assertEquals(201, f.post("/api/v1/credits", coord, new JsonObject().put("phone", p.number).put("hours", hours)).status());
    }

    @Test
    void twoPhonesRegisterOneIsCreditedAndSendsHoursWithItsPinOnceEvenIfTheLastHopIsRepeated() {
        Phone ann = new Phone(f, "+85291230011");
        assertEquals("CON Welcome to the Time Bank\n1. English\n2. 中文\n3. Kiswahili", ann.dial());
        assertEquals("CON Invalid choice\nWelcome to the Time Bank\n1. English\n2. 中文\n3. Kiswahili", ann.type("7"));
        assertTrue(ann.type("1").startsWith("CON Enter your name"));
        assertTrue(ann.type("Ann Wong").contains("Choose your community\n1. Kowloon Care"), ann.last);
        assertTrue(ann.type("1").startsWith("CON Choose a 4-digit PIN"));
        assertTrue(ann.type("1234").startsWith("CON Too easy"), ann.last);
        assertTrue(ann.type("0011").contains("end of your phone number"), ann.last);
        assertTrue(ann.type(PIN_A).startsWith("CON Enter the PIN again"));
        assertTrue(ann.type("4827").startsWith("CON The two PINs were not the same\nChoose a 4-digit PIN"), ann.last);
        ann.type(PIN_A);
        assertTrue(ann.type(PIN_A).startsWith("END Welcome Ann! You joined Kowloon Care. Your balance: 0h"), ann.last);
        assertTrue(ann.inbox().getJsonObject(0).getString("body").startsWith("Welcome to the Time Bank, Ann!"));

        Phone mei = register("+85291230012", "2", "陳美", PIN_B);
        assertTrue(mei.last.contains("陳美"), mei.last);
        credit(ann, 3);

        assertTrue(ann.dial().startsWith("CON 1. Send hours\n2. Balance & statement\n3. Needs & offers\n4. Request hours"), ann.last);
        assertTrue(ann.type("1").startsWith("CON Send hours to which phone number?"));
        assertTrue(ann.type("91230011").startsWith("CON That is your own number"));
        assertTrue(ann.type("91239999").startsWith("CON No member has that number"));
        assertTrue(ann.type("9123 0012").startsWith("CON How many hours?"));
        assertTrue(ann.type("5").startsWith("CON Your balance allows at most 3h"), ann.last);
        assertTrue(ann.type("0.001").startsWith("CON Use whole minutes"), ann.last);
        assertEquals("CON Send 1.5h to 陳美 +852****012?\nEnter your PIN to confirm\n0. Cancel", ann.type("1.5"));
        String done = ann.type(PIN_A);
        assertTrue(done.matches("END Sent 1\\.5h to 陳美\\. Ref [A-Z0-9]{6}\\. Your balance: 1\\.5h"), done);
        assertEquals(done, ann.repeat(), "the repeated final hop gets the same screen");
        assertEquals(done, ann.repeat());
        assertEquals(1, f.count("SELECT count(*) FROM transfers WHERE kind = 'send'"), "and moves hours once");
        assertEquals(90, balance(ann));
        assertEquals(90, balance(mei));
        String ref = done.replaceAll(".*Ref ([A-Z0-9]{6}).*", "$1");
        assertTrue(ann.inbox().getJsonObject(0).getString("body").contains("You sent 1.5h to 陳美. Ref " + ref + ". Your balance: 1.5h"),
                ann.inbox().encode());
        String meiReceipt = mei.inbox().getJsonObject(0).getString("body");
        assertTrue(meiReceipt.contains("1.5h") && meiReceipt.contains(ref) && meiReceipt.contains("Ann"), meiReceipt);
    }

    @Test
    void threeWrongPinsLockAndTheRightPinIsThenRefused() {
        Phone ann = register("+85291230011", "1", "Ann Wong", PIN_A);
        assertTrue(ann.dial().startsWith("CON 1. Send"));
        assertTrue(ann.type("2").startsWith("CON Enter your PIN to see your balance"));
        assertTrue(ann.type("1357").startsWith("CON Wrong PIN. 2 tries left"), ann.last);
        assertTrue(ann.type("1358").startsWith("CON Wrong PIN. 1 tries left"), ann.last);
        String locked = ann.type("1359");
        assertTrue(locked.startsWith("END Your PIN is locked") && locked.contains("Kowloon Care") && locked.contains("2345 6789"), locked);
        String fourth = ann.dialShortcut("2", PIN_A);
        assertTrue(fourth.startsWith("END Your PIN is locked"), "the right PIN is refused while locked: " + fourth);
        assertTrue(ann.dial().startsWith("CON 1. Send"), "menus that need no PIN still open");
        assertTrue(ann.type("6").startsWith("CON 1. Change PIN"));
        assertTrue(ann.type("3").contains("Ann Wong"));
    }

    @Test
    void aRequestForHoursIsPaidByThePayerOnTheirNextDial() {
        Phone ann = register("+85291230011", "1", "Ann Wong", PIN_A);
        Phone ben = register("+85291230012", "3", "Ben Otieno", PIN_B);
        credit(ann, 4);
        ben.dial();
        ben.typeAll("4", "91230011", "2", "door repair");
        assertTrue(ben.last.contains("Ann") && ben.last.contains("2h") && ben.last.contains("door repair"), ben.last);
        assertTrue(ben.type("1").startsWith("END "), ben.last);
        String sms = ann.inbox().getJsonObject(0).getString("body");
        assertTrue(sms.contains("Ben asks you for 2h: door repair"), sms);

        assertEquals("CON You have a request: Ben asks 2h: door repair\n1. Pay\n2. Decline\n3. Later", ann.dial());
        assertTrue(ann.type("1").startsWith("CON Pay 2h to Ben. Enter your PIN"));
        String paid = ann.type(PIN_A);
        assertTrue(paid.matches("END Paid 2h to Ben\\. Ref [A-Z0-9]{6}\\. Your balance: 2h"), paid);
        assertEquals(120, balance(ben));
        assertEquals(1, f.count("SELECT count(*) FROM transfers WHERE kind = 'request'"));
        assertTrue(ann.dial().startsWith("CON Last time: Paid 2h to Ben"), "the outcome shows once: " + ann.last);
        assertTrue(ann.type("00").startsWith("CON 1. Send hours"), "then no waiting request is left");
    }

    @Test
    void aDeclinedRequestTellsTheRequesterAndLaterKeepsItWaiting() {
        Phone ann = register("+85291230011", "1", "Ann Wong", PIN_A);
        Phone ben = register("+85291230012", "1", "Ben Otieno", PIN_B);
        ben.dial();
        ben.typeAll("4", "91230011", "1", "0", "1");
        assertTrue(ann.dial().startsWith("CON You have a request: Ben asks 1h: -"), ann.last);
        assertTrue(ann.type("3").startsWith("CON 1. Send hours"), "later: on to the main menu");
        assertTrue(ann.dial().startsWith("CON You have a request"), "still waiting");
        assertTrue(ann.type("2").startsWith("END You declined the request from Ben"));
        assertTrue(ben.inbox().getJsonObject(0).getString("body").contains("Ann declined your request for 1h"));
        assertTrue(ann.dial().startsWith("CON 1. Send hours"));
        ben.dial();
        ben.typeAll("4", "91230011", "1", "0", "1");
        assertTrue(ann.dial().startsWith("CON You have a request"), "a new request");
        long benId = f.count("SELECT id FROM members WHERE phone = '+85291230012'");
        assertEquals(200, f.post("/api/v1/members/" + benId + "/suspend", coord, "{}").status());
        assertTrue(ann.dial().startsWith("CON 1. Send hours"), "a suspended member's request does not stop the menu: " + ann.last);
    }

    @Test
    void aMemberSuspendedWhileOnTheMainMenuMovesNoHours() {
        Phone ann = register("+85291230011", "1", "Ann Wong", PIN_A);
        register("+85291230012", "1", "Ben Otieno", PIN_B);
        credit(ann, 2);
        assertTrue(ann.dial().startsWith("CON 1. Send hours"), ann.last);
        long annId = f.count("SELECT id FROM members WHERE phone = '+85291230011'");
        assertEquals(200, f.post("/api/v1/members/" + annId + "/suspend", coord, "{}").status());
        // the choice on the menu may still be drawn from the row the menu was drawn from (this
        // instance keeps it for that one hop); from the next hop on the suspension shows, and the
        // PIN check refuses
        String screen = ann.type("1");
        if (screen.startsWith("CON Send hours to which phone number?")) {
            assertTrue(ann.type("91230012").startsWith("CON How many hours?"), ann.last);
            screen = ann.type("1");
            if (screen.startsWith("CON Send 1h to Ben")) screen = ann.type(PIN_A);
        }
        assertTrue(screen.startsWith("END Your account is paused. Please ask Kowloon Care: 2345 6789"), screen);
        assertEquals(0, f.count("SELECT count(*) FROM transfers WHERE kind = 'send'"));
        assertEquals(120, balance(ann));
        assertTrue(ann.dial().startsWith("CON 1. Send hours"), ann.last);
        assertTrue(ann.type("1").startsWith("END Your account is paused"), "the menu drawn after the suspension knows it: " + ann.last);
    }

    @Test
    void aShortcutDialLandsOnThePinConfirmation() {
        Phone ann = register("+85291230011", "1", "Ann Wong", PIN_A);
        register("+85291230012", "1", "Ben Otieno", PIN_B);
        credit(ann, 3);
        assertEquals("CON Send 2h to Ben +852****012?\nEnter your PIN to confirm\n0. Cancel", ann.dialShortcut("1", "91230012", "2"));
        assertTrue(ann.type(PIN_A).startsWith("END Sent 2h to Ben."));
    }

    @Test
    void aSessionDroppedBeforeThePinResumesAndOneDroppedAfterShowsTheOutcomeInsteadOfSendingAgain() {
        Phone ann = register("+85291230011", "1", "Ann Wong", PIN_A);
        register("+85291230012", "1", "Ben Otieno", PIN_B);
        credit(ann, 3);
        ann.dial();
        ann.typeAll("1", "91230012");   // the network drops here
        assertEquals("CON You did not finish last time.\n1. Continue\n2. Start again", ann.dial());
        assertTrue(ann.type("1").startsWith("CON How many hours?"), ann.last);
        assertTrue(ann.type("1").startsWith("CON Send 1h to Ben"), ann.last);
        ann.type(PIN_A);               // END reached the gateway, but say it never reached the phone
        assertTrue(ann.dial().startsWith("CON Last time: Sent 1h to Ben. Ref "), ann.last);
        assertTrue(ann.last.endsWith("\n00. Home"));
        assertTrue(ann.type("00").startsWith("CON 1. Send hours"));
        assertTrue(ann.dial().startsWith("CON 1. Send hours"), "the outcome shows once");
        assertEquals(1, f.count("SELECT count(*) FROM transfers WHERE kind = 'send'"));

        ann.dial();
        ann.typeAll("1", "91230012");
        assertTrue(ann.dial().startsWith("CON You did not finish"));
        assertTrue(ann.type("2").startsWith("CON 1. Send hours"), "start again");
        assertTrue(ann.dial().startsWith("CON 1. Send hours"), "the offer is made once");
    }

    @Test
    void twoGatewayInstancesOnOneDatabaseServeOneSessionWhoseHopsAlternate() throws Exception {
        Phone ann = register("+85291230011", "1", "Ann Wong", PIN_A);
        register("+85291230012", "1", "Ben Otieno", PIN_B);
        credit(ann, 3);
        try (GatewayFixture other = new GatewayFixture(f.db, Map.of())) {
            ann.dial();
            Phone onOther = ann.on(other);
            assertTrue(onOther.type("1").startsWith("CON Send hours to which"));
            Phone back = onOther.on(f);
            assertTrue(back.type("91230012").startsWith("CON How many hours?"));
            onOther = back.on(other);
            assertTrue(onOther.type("2").startsWith("CON Send 2h to Ben"));
            back = onOther.on(f);
            String done = back.type(PIN_A);
            assertTrue(done.startsWith("END Sent 2h to Ben"), done);
            assertEquals(done, back.on(other).repeat(), "a repeat on the other instance answers the same");
        }
        assertEquals(1, f.count("SELECT count(*) FROM transfers WHERE kind = 'send'"));
    }

    @Test
    void aRetryLandingOnAnInstanceThatSawAnEarlierHopGetsTheOtherInstancesAnswerAndCountsNoWrongPinTwice() throws Exception {
        Phone ann = register("+85291230011", "1", "Ann Wong", PIN_A);
        register("+85291230012", "1", "Ben Otieno", PIN_B);
        credit(ann, 3);
        try (GatewayFixture other = new GatewayFixture(f.db, Map.of())) {
            ann.dial();
            assertTrue(ann.typeAll("1", "91230012", "2").startsWith("CON Send 2h to Ben")); // this instance saved the PIN screen
            Phone onOther = ann.on(other);
            String wrong = onOther.type("1357");               // a wrong PIN, answered by the other instance
            assertTrue(wrong.contains("Wrong PIN"), wrong);
            assertEquals(wrong, onOther.on(f).repeat(), "the provider's retry here gets the answer already given");
            assertEquals(1, f.count("SELECT pin_failed_attempts FROM members WHERE phone = '+85291230011'"), "counted once");
            Phone late = ann.on(f);
            late.type("1");                                      // this instance's copy is one hop behind; no going back
            assertEquals(wrong, late.repeat());
            String done = onOther.type(PIN_A);
            assertTrue(done.startsWith("END Sent 2h to Ben"), done);
        }
        assertEquals(1, f.count("SELECT count(*) FROM transfers WHERE kind = 'send'"));
    }

    @Test
    void pinsAreNeverStoredInSessionsOrEvents() {
        Phone ann = register("+85291230011", "1", "Ann Wong", PIN_A);
        ann.dial();
        ann.typeAll("2", PIN_A);
        assertEquals(0, f.count("SELECT count(*) FROM ussd_sessions WHERE last_text LIKE '%" + PIN_A + "%' OR state::text LIKE '%" + PIN_A + "%'"));
        assertEquals(1, f.count("SELECT count(*) FROM ussd_sessions WHERE last_text = '2*****'"));
        Map<String, String> form = new java.util.LinkedHashMap<>();
        form.putAll(Map.of("sessionId", ann.sessionId(), "status", "Success", "phoneNumber", ann.number, "input", "2*" + PIN_A,
                "hopsCount", "3", "durationInMillis", "1234", "date", "2026-11-23 10:15:02"));
        form.putAll(Map.of("serviceCode", "*384*123#", "networkCode", "99999", "cost", "KES 0.00", "lastAppResponse", "END Balance"));
        GatewayFixture.Answer event = f.form("/ussd/africastalking/events", form);
        assertEquals(200, event.status());
        assertEquals(1, f.count("SELECT count(*) FROM ussd_events WHERE input = '2*****' AND status = 'Success'"));
        assertEquals(0, f.count("SELECT count(*) FROM ussd_events WHERE input LIKE '%" + PIN_A + "%'"));
    }

    @Test
    void aSessionIdleLongerThanItsLifetimeStartsAtTheFirstScreen() throws Exception {
        f.close();
        f = new GatewayFixture(Map.of("USSD_SESSION_TIMEOUT_SECONDS", "10")); // the shortest lifetime allowed; real time passes
        consortium();
        Phone ann = register("+85291230011", "1", "Ann Wong", PIN_A);
        ann.dial();
        assertTrue(ann.type("1").startsWith("CON Send hours to which"));
        Thread.sleep(10_500);
        assertTrue(ann.type("91230012").startsWith("CON 1. Send hours"), "gone: the next hop starts over: " + ann.last);
    }

    @Test
    void aPinInInputsNoScreenReadIsMaskedToo() {
        Phone ann = register("+85291230011", "1", "Ann Wong", PIN_A);
        ann.dial();
        ann.typeAll("2", "1357", "1358", "1359"); // locked
        ann.dialShortcut("2", PIN_A);             // ends before any PIN screen
        assertTrue(ann.last.startsWith("END Your PIN is locked"));
        assertEquals(0, f.count("SELECT count(*) FROM ussd_sessions WHERE last_text LIKE '%" + PIN_A + "%'"));
        f.form("/ussd/africastalking/events", Map.of("sessionId", "unknown-session", "status", "Incomplete", "input", "1*" + PIN_A));
        assertEquals(0, f.count("SELECT count(*) FROM ussd_events WHERE input LIKE '%" + PIN_A + "%'"));
    }

    @Test
    void anOfferPostedByUssdIsBrowsedContactedAndClosed() {
        f.post("/api/v1/categories", f.admin(), new JsonObject().put("code", "repairs")
                .put("names", new JsonObject().put("en", "Home repairs").put("zh", "家居維修").put("sw", "Matengenezo")));
        Phone ann = register("+85291230011", "1", "Ann Wong", PIN_A);
        Phone ben = register("+85291230012", "1", "Ben Otieno", PIN_B);
        ann.dial();
        assertTrue(ann.type("3").startsWith("CON 1. Browse offers\n2. Browse needs\n3. Post an offer"), ann.last);
        assertTrue(ann.type("3").contains("Choose a kind of help\n1. Home repairs"), ann.last);
        assertTrue(ann.type("1").startsWith("CON Describe it"), ann.last);
        assertTrue(ann.type("I fix doors and locks").startsWith("CON About how many hours?"), ann.last);
        assertEquals("CON I fix doors and locks\n2h\n1. Post\n0. Cancel", ann.type("2"));
        String posted = ann.type("1");
        assertTrue(posted.startsWith("END Posted as #"), posted);
        String id = posted.replaceAll("\\D+(\\d+).*", "$1");
        assertEquals(posted, ann.repeat());
        assertEquals(1, f.count("SELECT count(*) FROM posts"), "a repeated hop posts once");

        ben.dial();
        ben.typeAll("3", "1");
        assertTrue(ben.type("1").contains("#" + id + " Ann: I fix doors"), ben.last);
        assertTrue(ben.type("1").contains("I fix doors and locks\n2h\n1. Contact"), ben.last);
        assertTrue(ben.type("1").startsWith("END We sent you and Ann"), ben.last);
        assertTrue(ben.inbox().getJsonObject(0).getString("body").contains("+85291230011"), "Ben gets Ann's number");

        ann.dial();
        ann.typeAll("3", "5");
        assertTrue(ann.last.contains("#" + id + " I fix doors"), ann.last);
        ann.type("1");
        assertTrue(ann.type("1").startsWith("END Post #" + id + " is closed"), ann.last);
        assertEquals(1, f.count("SELECT count(*) FROM posts WHERE status = 'closed'"));
    }

    @Test
    void fiveHundredOpenPostsPageWithinTheScreenLimitInOrder() throws Exception {
        f.post("/api/v1/categories", f.admin(), new JsonObject().put("code", "meals")
                .put("names", new JsonObject().put("en", "Meals").put("zh", "膳食").put("sw", "Chakula")));
        register("+85291230011", "1", "Ann Wong", PIN_A);
        long ann = f.count("SELECT id FROM members WHERE phone = '+85291230011'");
        for (int i = 0; i < 500; i++) {
            Gateway.await(f.gateway.ledger().posts().create(ann, "offer", "meals", "Hot lunch number " + i, null, 30));
        }
        Phone ben = register("+85291230012", "2", "陳美", PIN_B);
        ben.dial();
        ben.typeAll("3", "1", "1");
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int page = 0; page < 600 && ben.last.startsWith("CON "); page++) {
            String text = ben.last.substring(4);
            assertTrue(org.timebank.sms.TextLength.fitsScreen(text, 160, 80), text);
            text.lines().filter(l -> l.matches("[1-9]\\. #\\d+.*")).forEach(l -> assertTrue(seen.add(l.replaceAll("^[1-9]\\. ", "")), "no post twice: " + l));
            if (!text.contains("98.")) break;
            ben.type("98");
        }
        assertEquals(500, seen.size(), "every post reached by paging");
    }

    @Test
    void aHopRetriedWhileTheFirstIsStillAnsweredCountsAWrongPinOnce() throws Exception {
        Phone ann = register("+85291230011", "1", "Ann Wong", PIN_A);
        ann.dial();
        ann.type("2");
        Map<String, String> form = Map.of("sessionId", ann.sessionId(), "serviceCode", "*384*123#", "phoneNumber", ann.number,
                "text", "2*1357");
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.concurrent.Callable<GatewayFixture.Answer> post = () -> f.form("/ussd/africastalking", form);
            java.util.List<java.util.concurrent.Future<GatewayFixture.Answer>> answers = pool.invokeAll(java.util.List.of(post, post, post, post));
            for (var a : answers) assertTrue(a.get().body().startsWith("CON Wrong PIN. 2 tries left"), a.get().body());
        } finally {
            pool.shutdown();
        }
        assertEquals(1, f.count("SELECT pin_failed_attempts FROM members WHERE phone = '+85291230011'"));
    }

    @Test
    void malformedHopsGet400AndChangeNothing() {
        assertEquals(400, f.form("/ussd/africastalking", Map.of("sessionId", "x", "phoneNumber", "+85291230011")).status());
        assertEquals(400, f.form("/ussd/africastalking", Map.of("sessionId", "x", "serviceCode", "*384*123#", "phoneNumber", "nope", "text", "")).status());
        assertEquals(400, f.form("/ussd/africastalking/events", Map.of("sessionId", "x")).status());
        assertEquals(0, f.count("SELECT count(*) FROM ussd_sessions"));
    }
}
