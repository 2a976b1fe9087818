package org.timebank.gateway;

import static org.junit.jupiter.api.Assertions.*;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.timebank.gateway.sms.AfricasTalkingSender;
import org.timebank.ledger.TestDatabase;

/**
 * A broadcast through Africa's Talking goes out many numbers per request: far fewer requests than
 * members, every outbox row with its own message id (so delivery reports still match), and one
 * blacklisted number in a batch fails only its own row.
 */
class BroadcastBatchingTest {
    static final String TOKEN = "at-token";
    static final int MEMBERS = 1_200;
    FakeProviders provider;
    GatewayFixture f;
    String admin;

    @BeforeEach
    void start() throws Exception {
        provider = new FakeProviders();
        f = new GatewayFixture(Map.of("SMS_PROVIDER", "africastalking", "AT_API_BASE", provider.base(), "AT_USERNAME", "sandbox",
                "AT_API_KEY", "key", "AT_CALLBACK_TOKEN", TOKEN, "SMS_RATE_PER_SECOND", "10000"));
        admin = f.admin();
        assertEquals(201, f.post("/api/v1/orgs", admin, new JsonObject().put("code", "FARM").put("name", "Farmers Together")
                .put("district", "Yuen Long")).status());
        // members written straight into the ledger's tables: 1,200 registrations through the API would only slow the test
        TestDatabase.exec(f.db, "INSERT INTO members (org_id, phone, name, language, status) SELECT o.id, '+8529' || lpad(g::text, 7, '0'), "
                + "'Farmer ' || g, 'en', 'pin_required' FROM orgs o, generate_series(1, " + MEMBERS + ") g WHERE o.code = 'FARM'");
        TestDatabase.exec(f.db, "INSERT INTO accounts (kind, org_id, member_id) SELECT 'member', org_id, id FROM members");
    }

    @AfterEach
    void stop() {
        f.close();
        provider.close();
    }

    static String phone(int n) {
        return String.format("+8529%07d", n);
    }

    @Test
    void aBroadcastGoesOutInFewRequestsEachRowWithItsOwnIdAndABlacklistedNumberFailsAlone() {
        String blacklisted = phone(700), missing = phone(901);
        provider.atRecipient(blacklisted, new FakeProviders.Recipient(406, "UserInBlacklist"));
        provider.atRecipient(missing, FakeProviders.OMITTED);
        String text = "Seed swap on Sunday at the community hall";
        GatewayFixture.Answer created = f.post("/api/v1/broadcasts", admin, new JsonObject().put("message", text)
                .put("segment", new JsonObject().put("orgs", new JsonArray().add("FARM"))));
        assertEquals(201, created.status(), created.body());
        long id = created.json().getLong("id");
        assertEquals(MEMBERS, created.json().getInteger("recipients"));

        // the number left out of the answer may have been sent: it is tried once more, after 2 s
        waitFor(() -> f.get("/api/v1/broadcasts/" + id, admin).json().getLong("queued") == 0);
        List<FakeProviders.Sent> requests = provider.sent.stream().filter(s -> text.equals(s.body())).toList();
        int numbers = requests.stream().mapToInt(s -> s.recipients().size()).sum();
        assertEquals(MEMBERS + 1, numbers, "every member once, and the unanswered one again");
        int batch = AfricasTalkingSender.BATCH;
        assertTrue(requests.size() <= (MEMBERS + batch - 1) / batch + 1,
                "⌈1,200 / " + batch + "⌉ requests and the retry, not one per member: " + requests.size());
        requests.forEach(s -> {
            assertTrue(s.recipients().size() <= batch);
            assertEquals("key", s.headers().get("apikey"));
        });

        Set<String> ids = new HashSet<>();
        for (Row r : f.gateway.ledger().pool().query("SELECT to_phone, status, provider_message_id, error, possibly_duplicated FROM outbox "
                + "WHERE broadcast_id = " + id).execute().toCompletionStage().toCompletableFuture().join()) {
            String to = r.getString("to_phone");
            if (to.equals(blacklisted)) {
                assertEquals("failed", r.getString("status"));
                assertTrue(r.getString("error").startsWith("opted out at the carrier"), r.getString("error"));
                continue;
            }
            assertEquals("sent", r.getString("status"), to);
            assertEquals(provider.atMessageIds.get(to), r.getString("provider_message_id"), "the id Africa's Talking gave " + to);
            assertEquals(to.equals(missing), r.getBoolean("possibly_duplicated"), to);
            ids.add(r.getString("provider_message_id"));
        }
        assertEquals(MEMBERS - 1, ids.size(), "each row its own message id");
        assertEquals(1, f.count("SELECT count(*) FROM members WHERE carrier_opted_out"));
        assertEquals(1, f.count("SELECT count(*) FROM members WHERE carrier_opted_out AND phone = '" + blacklisted + "'"));

        for (String to : List.of(phone(1), phone(500), phone(501), phone(1_200), missing)) {
            assertEquals(200, f.form("/sms/africastalking/delivery?token=" + TOKEN, Map.of("id", provider.atMessageIds.get(to),
                    "status", "Success", "phoneNumber", to)).status());
        }
        assertEquals(5, f.count("SELECT count(*) FROM outbox WHERE status = 'delivered' AND broadcast_id = " + id));
        JsonObject st = f.get("/api/v1/broadcasts/" + id, admin).json();
        assertEquals("done", st.getString("status"));
        assertEquals(5, st.getLong("delivered"));
        assertEquals(MEMBERS - 1, st.getLong("sent"));
        assertEquals(1, st.getLong("failed"));
    }

    private void waitFor(java.util.function.BooleanSupplier condition) {
        long until = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < until && !condition.getAsBoolean()) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        assertTrue(condition.getAsBoolean(), "condition never held");
    }
}
