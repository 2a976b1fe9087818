package org.timebank.gateway;

import static org.junit.jupiter.api.Assertions.*;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.timebank.gateway.GatewayFixture.Answer;

/** The staff API of http.md over HTTP against a real PostgreSQL: shapes, roles, isolation, idempotency. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StaffApiTest {
    GatewayFixture f;
    String admin, coordKln, coordNtw, agentKln;

    @BeforeAll
    void start() throws Exception {
        f = new GatewayFixture();
        admin = f.admin();
        assertEquals(201, f.post("/api/v1/orgs", admin, new JsonObject().put("code", "KLN").put("name", "Kowloon Care")
                .put("district", "Kowloon City").put("startingCreditHours", 1)).status());
        assertEquals(201, f.post("/api/v1/orgs", admin, new JsonObject().put("code", "NTW").put("name", "NT West Link")
                .put("district", "Yuen Long")).status());
        assertEquals(201, f.post("/api/v1/categories", admin, new JsonObject().put("code", "repairs")
                .put("names", new JsonObject().put("en", "Repairs").put("zh", "維修").put("sw", "Matengenezo"))).status());
        for (String[] s : new String[][] {{"coord-kln", "coordinator", "KLN"}, {"coord-ntw", "coordinator", "NTW"}, {"agent-kln", "agent", "KLN"}}) {
            Answer a = f.post("/api/v1/staff", admin, new JsonObject().put("username", s[0]).put("password", "a-long-password")
                    .put("role", s[1]).put("org", s[2]));
            assertEquals(201, a.status(), a.body());
        }
        coordKln = f.login("coord-kln", "a-long-password");
        coordNtw = f.login("coord-ntw", "a-long-password");
        agentKln = f.login("agent-kln", "a-long-password");
    }

    @AfterAll
    void stop() {
        f.close();
    }

    long register(String token, String phone, String name, String org) {
        JsonObject body = new JsonObject().put("phone", phone).put("name", name).put("language", "zh");
        if (org != null) body.put("org", org);
        Answer a = f.post("/api/v1/members", token, body);
        assertEquals(201, a.status(), a.body());
        return a.json().getLong("id");
    }

    @Test
    void signInAnswersATokenWithRoleAndOrgAndRefusesWrongPasswords() {
        Answer ok = f.post("/api/v1/session", null, new JsonObject().put("username", "coord-kln").put("password", "a-long-password"));
        assertEquals(200, ok.status());
        assertEquals("coordinator", ok.json().getString("role"));
        assertEquals("KLN", ok.json().getString("org"));
        assertTrue(ok.json().getString("token").length() >= 40);
        Answer wrong = f.post("/api/v1/session", null, new JsonObject().put("username", "coord-kln").put("password", "nope-nope-nope"));
        assertEquals(401, wrong.status());
        assertFalse(wrong.body().contains("nope-nope-nope"), "a password never comes back in an error");
        assertEquals(401, f.get("/api/v1/members", null).status());
        assertEquals(401, f.get("/api/v1/members", "not-a-token").status());
        assertEquals("unauthorized", f.get("/api/v1/members", "not-a-token").errorCode());
    }

    @Test
    void repeatedWrongPasswordsAreRateLimited() {
        f.post("/api/v1/staff", admin, new JsonObject().put("username", "target").put("password", "a-long-password")
                .put("role", "agent").put("org", "NTW"));
        for (int i = 0; i < 5; i++) {
            assertEquals(401, f.post("/api/v1/session", null, new JsonObject().put("username", "target").put("password", "guess-" + i)).status());
        }
        Answer limited = f.post("/api/v1/session", null, new JsonObject().put("username", "target").put("password", "a-long-password"));
        assertEquals(429, limited.status());
        assertEquals("too_many_attempts", limited.errorCode());
    }

    @Test
    void registeringAMemberOnTheirBehalfLeavesThemToChooseAPinAndTellsThemBySms() {
        Answer a = f.post("/api/v1/members", agentKln, new JsonObject().put("phone", "9123 2222").put("name", "Wong Siu Fong").put("language", "zh"));
        assertEquals(201, a.status(), a.body());
        assertEquals("+85291232222", a.json().getString("phone"));
        assertEquals("pin_required", a.json().getString("status"));
        long id = a.json().getLong("id");
        JsonObject member = f.get("/api/v1/members/" + id, coordKln).json();
        assertEquals("KLN", member.getString("org"));
        assertEquals(60, member.getLong("balanceMinutes"), "KLN's starting credit of 1h");
        assertEquals(new JsonArray(), member.getJsonArray("interests"));
        JsonArray inbox = f.get("/simulator/inbox?phone=91232222", null).array();
        assertEquals(1, inbox.size(), "one welcome SMS, no separate receipt for the starting credit");
        assertTrue(inbox.getJsonObject(0).getString("body").contains("*384*123#"));
        Answer again = f.post("/api/v1/members", coordKln, new JsonObject().put("phone", "+852 9123 2222").put("name", "Someone Else"));
        assertEquals(409, again.status());
        assertEquals("phone_taken", again.errorCode());
    }

    @Test
    void staffOfOneNgoNeverSeeOrChangeAnotherNgosMembers() {
        long ntwMember = register(coordNtw, "91233333", "Lee Tai Man", null);
        assertEquals(404, f.get("/api/v1/members/" + ntwMember, coordKln).status());
        assertEquals(404, f.post("/api/v1/members/" + ntwMember + "/pin-reset", coordKln, "{}").status());
        assertEquals(404, f.post("/api/v1/members/" + ntwMember + "/suspend", coordKln, "{}").status());
        Answer credit = f.post("/api/v1/credits", coordKln, new JsonObject().put("memberId", ntwMember).put("hours", 1));
        assertEquals(422, credit.status());
        assertEquals("unknown_member", credit.errorCode());
        JsonArray kln = f.get("/api/v1/members?size=200", coordKln).json().getJsonArray("items");
        for (Object o : kln) assertEquals("KLN", ((JsonObject) o).getString("org"));
        assertEquals(404, f.get("/api/v1/members?org=NTW", coordKln).status());
        assertEquals(403, f.post("/api/v1/members", coordKln, new JsonObject().put("phone", "91233334").put("name", "Chan").put("org", "NTW")).status());
        assertEquals(200, f.get("/api/v1/members/" + ntwMember, admin).status());
        assertEquals(0, f.count("SELECT count(*) FROM transfers WHERE kind = 'credit' AND to_account = "
                + "(SELECT id FROM accounts WHERE member_id = " + ntwMember + ") AND amount_minutes = 60 AND actor <> 'staff:coord-ntw'"));
    }

    @Test
    void rolesMayOnlyDoWhatHttpMdAllows() {
        long m = register(agentKln, "91234444", "Chan Mei", null);
        assertEquals(403, f.post("/api/v1/credits", agentKln, new JsonObject().put("memberId", m).put("hours", 1)).status());
        assertEquals(403, f.post("/api/v1/members/" + m + "/suspend", agentKln, "{}").status());
        assertEquals(403, f.post("/api/v1/orgs", coordKln, new JsonObject().put("code", "XX").put("name", "X").put("district", "X")).status());
        assertEquals(403, f.get("/api/v1/ledger/verify", coordKln).status());
        assertEquals(403, f.post("/api/v1/members/" + m + "/erasure", coordKln, new JsonObject().put("reason", "asked")).status());
        assertEquals(403, f.post("/api/v1/staff", agentKln, new JsonObject().put("username", "x-agent").put("password", "a-long-password")
                .put("role", "agent")).status());
        assertEquals(403, f.post("/api/v1/staff", coordKln, new JsonObject().put("username", "x-admin").put("password", "a-long-password")
                .put("role", "admin")).status());
        assertEquals(403, f.post("/api/v1/staff", coordKln, new JsonObject().put("username", "x-coord").put("password", "a-long-password")
                .put("role", "coordinator")).status(), "a second coordinator could approve the first one's credits");
        assertEquals(403, f.get("/api/v1/funds", agentKln).status());
        Answer agentByCoord = f.post("/api/v1/staff", coordKln, new JsonObject().put("username", "agent-two").put("password", "a-long-password")
                .put("role", "agent"));
        assertEquals(201, agentByCoord.status());
        assertEquals("KLN", agentByCoord.json().getString("org"));
        assertEquals(200, f.post("/api/v1/members/" + m + "/pin-reset", agentKln, new JsonObject().put("reason", "forgot")).status());
    }

    @Test
    void aCreditRetriedWithItsKeyAnswersTheFirstTransferAndAnotherBodyConflicts() {
        long m = register(coordKln, "91235555", "Ho Ka Yan", null);
        JsonObject body = new JsonObject().put("memberId", m).put("hours", "2.5").put("memo", "Food bank shift")
                .put("category", "repairs").put("idempotencyKey", "credit-ho-1");
        Answer first = f.post("/api/v1/credits", coordKln, body);
        assertEquals(201, first.status(), first.body());
        JsonObject t = first.json();
        assertEquals("credit", t.getString("kind"));
        assertEquals(150, t.getLong("amountMinutes"));
        assertEquals("repairs", t.getString("category"));
        assertEquals(new JsonObject().put("type", "issuance").put("id", "KLN").put("name", "Kowloon Care"), t.getJsonObject("from"));
        assertEquals("member", t.getJsonObject("to").getString("type"));
        assertEquals(m, t.getJsonObject("to").getLong("id"));
        assertTrue(t.getString("reference").matches("[A-Z][A-Z0-9]{5}"));
        assertTrue(t.getString("createdAt").endsWith("Z"));
        assertNull(t.getString("reverses"));
        Answer retry = f.post("/api/v1/credits", coordKln, body);
        assertEquals(200, retry.status());
        assertEquals(t.getString("reference"), retry.json().getString("reference"));
        Answer other = f.post("/api/v1/credits", coordKln, body.copy().put("hours", 3));
        assertEquals(409, other.status());
        assertEquals("idempotency_key_reused", other.errorCode());
        assertEquals(210, f.get("/api/v1/members/" + m, coordKln).json().getLong("balanceMinutes"));
        JsonArray inbox = f.get("/simulator/inbox?phone=91235555", null).array();
        assertTrue(inbox.getJsonObject(0).getString("body").contains(t.getString("reference")), "the credit receipt names the reference");
    }

    @Test
    void aReversalUndoesATransferOnceAndItsRetryAnswersTheFirst() {
        long m = register(coordKln, "91236666", "Yip Wing", null);
        String ref = f.post("/api/v1/credits", coordKln, new JsonObject().put("memberId", m).put("hours", 2).put("idempotencyKey", "rv-c"))
                .json().getString("reference");
        JsonObject body = new JsonObject().put("reason", "credited the wrong member").put("idempotencyKey", "rv-1");
        Answer rev = f.post("/api/v1/transfers/" + ref + "/reversal", coordKln, body);
        assertEquals(201, rev.status(), rev.body());
        assertEquals("reversal", rev.json().getString("kind"));
        assertEquals(ref, rev.json().getString("reverses"));
        assertEquals(120, rev.json().getLong("amountMinutes"));
        Answer retry = f.post("/api/v1/transfers/" + ref + "/reversal", coordKln, body);
        assertEquals(200, retry.status());
        assertEquals(rev.json().getString("reference"), retry.json().getString("reference"));
        Answer second = f.post("/api/v1/transfers/" + ref + "/reversal", coordKln, body.copy().put("idempotencyKey", "rv-2"));
        assertEquals(422, second.status());
        assertEquals("already_reversed", second.errorCode());
        assertEquals(404, f.post("/api/v1/transfers/" + ref + "/reversal", coordNtw, body.copy().put("idempotencyKey", "rv-3")).status());
        assertEquals(404, f.post("/api/v1/transfers/NOSUCH/reversal", coordKln, body).status());
        assertEquals(60, f.get("/api/v1/members/" + m, coordKln).json().getLong("balanceMinutes"));
    }

    @Test
    void theTransferListFiltersByMemberNgoAndPeriodAndIsolatesNgos() {
        long m = register(coordKln, "91237777", "Kwok Lai", null);
        f.post("/api/v1/credits", coordKln, new JsonObject().put("memberId", m).put("hours", 1));
        JsonObject list = f.get("/api/v1/transfers?member=" + m, coordKln).json();
        assertEquals(2, list.getLong("total"), "the starting credit and the credit");
        assertEquals(2, list.getJsonArray("items").size());
        assertEquals(0, f.get("/api/v1/transfers?member=" + m + "&since=2999-01-01T00:00:00Z", coordKln).json().getLong("total"));
        assertEquals(404, f.get("/api/v1/transfers?member=" + m, coordNtw).status());
        for (Object o : f.get("/api/v1/transfers?size=200", coordNtw).json().getJsonArray("items")) {
            JsonObject t = (JsonObject) o;
            assertTrue(t.encode().contains("NTW"), "an NTW coordinator sees only transfers touching NTW: " + t);
        }
        assertEquals(400, f.get("/api/v1/transfers?since=yesterday", coordKln).status());
    }

    @Test
    void fundsTakeDonationsAndGrantToMembersOfTheirNgo() {
        Answer fund = f.post("/api/v1/funds", coordKln, new JsonObject().put("code", "KLN-FUND").put("name", "Time voucher fund"));
        assertEquals(201, fund.status(), fund.body());
        assertEquals("KLN", fund.json().getString("org"));
        assertEquals(409, f.post("/api/v1/funds", admin, new JsonObject().put("code", "KLN-FUND").put("name", "Again").put("org", "KLN")).status());
        long m = register(coordKln, "91238888", "Mak Yee", null);
        Answer empty = f.post("/api/v1/funds/KLN-FUND/grants", coordKln, new JsonObject().put("memberId", m).put("hours", 1));
        assertEquals(422, empty.status());
        assertEquals("insufficient_balance", empty.errorCode());
        assertEquals(404, f.post("/api/v1/funds/KLN-FUND/grants", coordNtw, new JsonObject().put("memberId", m).put("hours", 1)).status());
        assertEquals(0, f.get("/api/v1/funds", coordNtw).json().getJsonArray("items").stream()
                .filter(o -> ((JsonObject) o).getString("code").equals("KLN-FUND")).count());
    }

    @Test
    void suspendReactivateAndEraseKeepTheTransfers() {
        long m = register(coordKln, "91239999", "To Be Erased", null);
        assertEquals("suspended", f.post("/api/v1/members/" + m + "/suspend", coordKln, "{}").json().getString("status"));
        assertEquals(422, f.post("/api/v1/credits", coordKln, new JsonObject().put("memberId", m).put("hours", 1)).status());
        assertEquals("pin_required", f.post("/api/v1/members/" + m + "/reactivate", coordKln, "{}").json().getString("status"));
        Answer erased = f.post("/api/v1/members/" + m + "/erasure", admin, new JsonObject().put("reason", "member asked"));
        assertEquals(200, erased.status());
        assertEquals("erased", erased.json().getString("status"));
        assertNull(erased.json().getString("phone"));
        assertNull(erased.json().getString("name"));
        assertEquals(1, f.get("/api/v1/transfers?member=" + m, admin).json().getLong("total"), "the starting credit stays");
        assertEquals(0, f.count("SELECT count(*) FROM outbox WHERE to_phone = '+85291239999'"), "no copy of the number is kept");
    }

    @Test
    void orgSettingsAreReadAndChangedInHours() {
        Answer a = f.patch("/api/v1/orgs/NTW", admin, new JsonObject().put("creditLimitHours", 2).put("monthlyCreditCapHours", "10.5")
                .put("sendWindow", new JsonObject().put("start", "08:00").put("end", "21:00")).put("smsBudgetPerMonth", 5000));
        assertEquals(200, a.status(), a.body());
        assertEquals(2, a.json().getInteger("creditLimitHours"));
        assertEquals(10.5, a.json().getDouble("monthlyCreditCapHours"));
        assertEquals("08:00", a.json().getJsonObject("sendWindow").getString("start"));
        assertEquals("Yuen Long", a.json().getString("district"), "absent fields keep their value");
        assertEquals(404, f.patch("/api/v1/orgs/NOPE", admin, new JsonObject().put("name", "x")).status());
        assertEquals(409, f.post("/api/v1/orgs", admin, new JsonObject().put("code", "NTW").put("name", "Dup").put("district", "X")).status());
    }

    @Test
    void aMonthlyCreditCapStopsCreditsAboveIt() {
        f.post("/api/v1/orgs", admin, new JsonObject().put("code", "CAP").put("name", "Capped").put("district", "Tai Po")
                .put("monthlyCreditCapHours", 3));
        f.post("/api/v1/staff", admin, new JsonObject().put("username", "coord-cap").put("password", "a-long-password")
                .put("role", "coordinator").put("org", "CAP"));
        String coord = f.login("coord-cap", "a-long-password");
        long m = register(coord, "91230001", "Capped Member", null);
        assertEquals(201, f.post("/api/v1/credits", coord, new JsonObject().put("memberId", m).put("hours", 2)).status());
        Answer over = f.post("/api/v1/credits", coord, new JsonObject().put("memberId", m).put("hours", 1.5));
        assertEquals(422, over.status());
        assertEquals("over_monthly_cap", over.errorCode());
        assertEquals(201, f.post("/api/v1/credits", coord, new JsonObject().put("memberId", m).put("hours", 1)).status());
    }

    @Test
    void aCreditAboveTheThresholdWaitsForASecondStaffMember() {
        f.post("/api/v1/orgs", admin, new JsonObject().put("code", "FOUR").put("name", "Four Eyes").put("district", "Sha Tin")
                .put("approvalThresholdHours", 5));
        for (String u : new String[] {"coord-four-a", "coord-four-b"}) {
            f.post("/api/v1/staff", admin, new JsonObject().put("username", u).put("password", "a-long-password")
                    .put("role", "coordinator").put("org", "FOUR"));
        }
        String a = f.login("coord-four-a", "a-long-password"), b = f.login("coord-four-b", "a-long-password");
        long m = register(a, "91230101", "Big Helper", null);
        assertEquals(201, f.post("/api/v1/credits", a, new JsonObject().put("memberId", m).put("hours", 5)).status(), "the threshold itself is allowed");
        JsonObject body = new JsonObject().put("memberId", m).put("hours", 8).put("memo", "Flood clean-up").put("idempotencyKey", "big-1");
        Answer held = f.post("/api/v1/credits", a, body);
        assertEquals(202, held.status(), held.body());
        assertEquals("pending_approval", held.json().getString("status"));
        long approvalId = held.json().getLong("approvalId");
        assertEquals(approvalId, f.post("/api/v1/credits", a, body).json().getLong("approvalId"), "a retry answers the same approval");
        assertEquals(300, f.get("/api/v1/members/" + m, a).json().getLong("balanceMinutes"), "nothing moved yet");
        assertEquals(1, f.get("/api/v1/approvals", b).json().getJsonArray("items").size());
        assertEquals(0, f.get("/api/v1/approvals", coordKln).json().getJsonArray("items").size());
        assertEquals(403, f.post("/api/v1/approvals/" + approvalId + "/approve", a, "{}").status(), "not by the one who asked");
        assertEquals(404, f.post("/api/v1/approvals/" + approvalId + "/approve", coordKln, "{}").status());
        Answer approved = f.post("/api/v1/approvals/" + approvalId + "/approve", b, "{}");
        assertEquals(201, approved.status(), approved.body());
        assertEquals(480, approved.json().getLong("amountMinutes"));
        assertEquals(200, f.post("/api/v1/approvals/" + approvalId + "/approve", b, "{}").status(), "approving twice posts once");
        assertEquals(780, f.get("/api/v1/members/" + m, a).json().getLong("balanceMinutes"));
        Answer retry = f.post("/api/v1/credits", a, body);
        assertEquals(200, retry.status());
        assertEquals(approved.json().getString("reference"), retry.json().getString("reference"));
        assertEquals(0, f.get("/api/v1/approvals", b).json().getJsonArray("items").size());
    }

    @Test
    void aKeyKeepsThePathOfItsFirstCallWhenTheThresholdChanges() {
        f.post("/api/v1/orgs", admin, new JsonObject().put("code", "THR").put("name", "Threshold").put("district", "Tai Po"));
        f.post("/api/v1/staff", admin, new JsonObject().put("username", "coord-thr").put("password", "a-long-password")
                .put("role", "coordinator").put("org", "THR"));
        String c = f.login("coord-thr", "a-long-password");
        long m = register(c, "91230201", "Threshold Member", null);
        JsonObject direct = new JsonObject().put("memberId", m).put("hours", 4).put("idempotencyKey", "thr-1");
        Answer first = f.post("/api/v1/credits", c, direct);
        assertEquals(201, first.status());
        f.patch("/api/v1/orgs/THR", admin, new JsonObject().put("approvalThresholdHours", 2));
        Answer retry = f.post("/api/v1/credits", c, direct);
        assertEquals(200, retry.status(), "a retry answers the first transfer, not a new approval: " + retry.body());
        assertEquals(first.json().getString("reference"), retry.json().getString("reference"));
        JsonObject held = new JsonObject().put("memberId", m).put("hours", 3).put("idempotencyKey", "thr-2");
        long approvalId = f.post("/api/v1/credits", c, held).json().getLong("approvalId");
        f.patch("/api/v1/orgs/THR", admin, new JsonObject().put("approvalThresholdHours", 10));
        Answer again = f.post("/api/v1/credits", c, held);
        assertEquals(202, again.status(), again.body());
        assertEquals(approvalId, again.json().getLong("approvalId"));
        assertEquals(0, f.count("SELECT count(*) FROM transfers WHERE idempotency_key = 'api:THR:thr-2'"));
    }

    @Test
    void aTransferBetweenTwoNgosIsReversedByAnAdminOnlyAndShowsTheOtherSideByFirstName() throws Exception {
        long kln = register(coordKln, "91230301", "Kam Wing Hong", null);
        long ntw = register(coordNtw, "91230302", "Ng Tsz Wai", null);
        var ledger = f.gateway.ledger();
        String ref = Gateway.await(ledger.transfers().transfer(new org.timebank.ledger.TransferCommand(org.timebank.ledger.TransferKind.SEND,
                org.timebank.ledger.AccountRef.member(kln), org.timebank.ledger.AccountRef.member(ntw), 30, null, null, "x-org-1", "member:" + kln),
                org.timebank.ledger.Notices.NONE)).transfer().reference();
        JsonObject body = new JsonObject().put("reason", "mistake").put("idempotencyKey", "x-rev");
        assertEquals(403, f.post("/api/v1/transfers/" + ref + "/reversal", coordKln, body).status());
        assertEquals(403, f.post("/api/v1/transfers/" + ref + "/reversal", coordNtw, body).status());
        JsonObject seen = f.get("/api/v1/transfers?member=" + kln, coordKln).json().getJsonArray("items").getJsonObject(0);
        assertEquals("Ng", seen.getJsonObject("to").getString("name"), "another NGO's member by first name only");
        assertEquals("Kam Wing Hong", seen.getJsonObject("from").getString("name"));
        assertEquals(201, f.post("/api/v1/transfers/" + ref + "/reversal", admin, body).status());
        Answer otherTarget = f.post("/api/v1/transfers/" + ref + "/reversal", admin, body.copy().put("reason", "mistake"));
        assertEquals(200, otherTarget.status(), "the same key and reason answer the first reversal");
    }

    @Test
    void aReversalKeyUsedForOneTransferIsRefusedForAnother() {
        long m = register(coordKln, "91230401", "Two Credits", null);
        String x = f.post("/api/v1/credits", coordKln, new JsonObject().put("memberId", m).put("hours", 1)).json().getString("reference");
        String y = f.post("/api/v1/credits", coordKln, new JsonObject().put("memberId", m).put("hours", 1)).json().getString("reference");
        JsonObject body = new JsonObject().put("reason", "duplicate").put("idempotencyKey", "rev-same");
        assertEquals(201, f.post("/api/v1/transfers/" + x + "/reversal", coordKln, body).status());
        Answer other = f.post("/api/v1/transfers/" + y + "/reversal", coordKln, body);
        assertEquals(409, other.status(), other.body());
    }

    @Test
    void erasureAlsoRemovesTheNameFromOtherMembersReceipts() throws Exception {
        long a = register(coordKln, "91230501", "Zelda Quist", null);
        long b = register(coordKln, "91230502", "Bob Other", null);
        var ledger = f.gateway.ledger();
        Gateway.await(ledger.transfers().transfer(new org.timebank.ledger.TransferCommand(org.timebank.ledger.TransferKind.SEND,
                org.timebank.ledger.AccountRef.member(a), org.timebank.ledger.AccountRef.member(b), 30, null, null, "erase-1", "member:" + a),
                p -> java.util.List.of(new org.timebank.ledger.OutboundSms("+85291230502", b, "You got 0.5h from Zelda. Ref " + p.transfer().reference(),
                        org.timebank.ledger.OutboundSms.Purpose.RECEIPT, "receipt:" + p.transfer().reference() + ":" + b))));
        assertEquals(200, f.post("/api/v1/members/" + a + "/erasure", admin, new JsonObject().put("reason", "asked")).status());
        assertEquals(0, f.count("SELECT count(*) FROM outbox WHERE body LIKE '%Zelda%'"));
        assertEquals(1, f.count("SELECT count(*) FROM outbox WHERE to_phone = '+85291230502' AND body LIKE '%(erased)%'"));
    }

    @Test
    void verifyReportsAWholeLedgerToAdmins() {
        Answer v = f.get("/api/v1/ledger/verify", admin);
        assertEquals(200, v.status());
        JsonObject r = v.json();
        assertTrue(r.getBoolean("ok"), r.encode());
        assertEquals(0, r.getLong("sumOfBalancesMinutes"));
        assertNull(r.getValue("firstBreak"));
        assertEquals(r.getLong("transfers"), r.getLong("sealed") + r.getLong("unsealed"));
    }

    @Test
    void theOpenApiDocumentIsServedAndRequestsAreCheckedAgainstIt() {
        Answer doc = f.get("/api/v1/openapi.yaml", null);
        assertEquals(200, doc.status());
        assertTrue(doc.body().startsWith("openapi: 3.1.0") || doc.body().contains("\nopenapi: 3.1.0"), doc.body().substring(0, 80));
        assertTrue(doc.body().contains("operationId: createCredit"));
        Answer bad = f.post("/api/v1/members", coordKln, new JsonObject().put("phone", "91239876").put("name", 42));
        assertEquals(400, bad.status());
        assertTrue(bad.json().getJsonObject("error").getString("message").contains("does not match the API"), bad.body());
        Answer missing = f.post("/api/v1/credits", coordKln, new JsonObject().put("memberId", 1));
        assertEquals(400, missing.status());
        assertEquals("missing_field", missing.errorCode());
        assertEquals(0, f.count("SELECT count(*) FROM members WHERE phone = '+85291239876'"));
    }

    @Test
    void healthIncludesTheDatabaseAndMetricsArePrometheusText() {
        Answer h = f.get("/health", null);
        assertEquals(200, h.status());
        assertEquals("ok", h.json().getString("database"));
        Answer m = f.get("/metrics", null);
        assertEquals(200, m.status());
        assertTrue(m.body().contains("# TYPE"), "Prometheus exposition format");
        assertTrue(m.body().contains("timebank_sms_sent_total"));
    }
}
