package org.timebank.gateway;

import static org.junit.jupiter.api.Assertions.*;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.timebank.ledger.AccountRef;
import org.timebank.ledger.Notices;
import org.timebank.ledger.TransferCommand;
import org.timebank.ledger.TransferKind;

/** Report totals equal sums computed straight from the transfers table. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportsTest {
    GatewayFixture f;
    String admin, coordKln;
    long a1, a2, b1;

    @BeforeAll
    void start() throws Exception {
        f = new GatewayFixture();
        admin = f.admin();
        for (String org : new String[] {"KLN", "NTW"}) {
            f.post("/api/v1/orgs", admin, new JsonObject().put("code", org).put("name", org + " Care").put("district", org));
        }
        f.post("/api/v1/categories", admin, new JsonObject().put("code", "repairs")
                .put("names", new JsonObject().put("en", "Repairs").put("zh", "維修").put("sw", "Matengenezo")));
        f.post("/api/v1/staff", admin, new JsonObject().put("username", "coord-kln").put("password", "a-long-password")
                .put("role", "coordinator").put("org", "KLN"));
        coordKln = f.login("coord-kln", "a-long-password");
        a1 = member("91230601", "Ann Wong", "KLN");
        a2 = member("91230602", "Al Chan", "KLN");
        b1 = member("91230603", "Ben Otieno", "NTW");
        member("91230604", "Idle Member", "NTW");
        for (long m : new long[] {a1, a2, b1}) f.post("/api/v1/credits", admin, new JsonObject().put("memberId", m).put("hours", 10));
        send(a1, a2, 60, "repairs", "r1");
        send(a1, b1, 90, null, "r2");
        send(b1, a2, 30, "repairs", "r3");
        String mistake = send(a2, b1, 45, null, "r4");
        f.post("/api/v1/transfers/" + mistake + "/reversal", admin, new JsonObject().put("reason", "typo").put("idempotencyKey", "rev"));
    }

    @AfterAll
    void stop() {
        f.close();
    }

    long member(String phone, String name, String org) {
        return f.post("/api/v1/members", admin, new JsonObject().put("phone", phone).put("name", name).put("org", org)).json().getLong("id");
    }

    String send(long from, long to, long minutes, String category, String key) throws Exception {
        return Gateway.await(f.gateway.ledger().transfers().transfer(new TransferCommand(TransferKind.SEND, AccountRef.member(from),
                AccountRef.member(to), minutes, null, category, key, "member:" + from), Notices.NONE)).transfer().reference();
    }

    /** Straight from the transfers table: member-to-member sends and requests not reversed. */
    static final String STANDING = "FROM transfers t JOIN accounts fa ON fa.id = t.from_account JOIN accounts ta ON ta.id = t.to_account "
            + "WHERE t.kind IN ('send','request') AND fa.kind = 'member' AND ta.kind = 'member' "
            + "AND NOT EXISTS (SELECT 1 FROM transfers r WHERE r.reverses = t.id)";

    @Test
    void theConsortiumSummaryMatchesTheTransfersTable() {
        JsonObject r = f.get("/api/v1/reports/summary", admin).json();
        assertEquals(f.count("SELECT count(*) " + STANDING), r.getLong("transfers"));
        assertEquals(f.count("SELECT COALESCE(sum(t.amount_minutes),0) " + STANDING), r.getLong("exchangedMinutes"));
        assertEquals(180, r.getLong("exchangedMinutes"), "60 + 90 + 30; the reversed 45 does not count");
        assertEquals(4, r.getLong("members"));
        assertEquals(3, r.getLong("activeMembers"));
        JsonArray cross = r.getJsonArray("crossOrg");
        assertEquals(java.util.List.of("KLN>NTW:90", "NTW>KLN:30"), cross.stream().map(o -> (JsonObject) o)
                .map(o -> o.getString("from") + ">" + o.getString("to") + ":" + o.getLong("minutes")).toList());
        JsonObject net = r.getJsonArray("netPositions").getJsonObject(0);
        assertEquals(1, r.getJsonArray("netPositions").size());
        assertEquals("KLN", net.getString("creditor"));
        assertEquals("NTW", net.getString("debtor"));
        assertEquals(60, net.getLong("minutes"));
        JsonObject repairs = r.getJsonArray("byCategory").stream().map(o -> (JsonObject) o)
                .filter(o -> "repairs".equals(o.getString("category"))).findFirst().orElseThrow();
        assertEquals(2, repairs.getLong("transfers"));
        assertEquals(90, repairs.getLong("minutes"));
        long given = r.getJsonArray("byOrg").stream().mapToLong(o -> ((JsonObject) o).getLong("givenMinutes")).sum();
        assertEquals(r.getLong("exchangedMinutes"), given, "every exchanged minute was given by some NGO's member");
    }

    @Test
    void aCoordinatorSeesTheirOwnNgoAndThePeriodFilters() {
        JsonObject r = f.get("/api/v1/reports/summary", coordKln).json();
        assertEquals(1, r.getJsonArray("byOrg").size());
        JsonObject kln = r.getJsonArray("byOrg").getJsonObject(0);
        assertEquals("KLN", kln.getString("org"));
        assertEquals(150, kln.getLong("givenMinutes"), "Ann gave 60 + 90");
        assertEquals(90, kln.getLong("receivedMinutes"), "Al received 60 + 30");
        assertEquals(404, f.get("/api/v1/reports/summary?org=NTW", coordKln).status());
        assertEquals(0, f.get("/api/v1/reports/summary?since=2999-01-01T00:00:00Z", admin).json().getLong("transfers"));
        assertEquals(400, f.get("/api/v1/reports/summary?until=soon", admin).status());
    }

    @Test
    void theCsvHasOneRowPerTransferAndShowsOtherNgosMembersByFirstName() {
        GatewayFixture.Answer csv = f.get("/api/v1/reports/transfers.csv", admin);
        assertEquals(200, csv.status());
        assertEquals(f.count("SELECT count(*) FROM transfers") + 1, csv.body().lines().count());
        assertTrue(csv.body().startsWith("reference,createdAt,kind,"));
        String mine = f.get("/api/v1/reports/transfers.csv", coordKln).body();
        assertTrue(mine.contains(",Ben,NTW,") && !mine.contains("Ben Otieno"), mine);
    }
}
