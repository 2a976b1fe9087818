package org.timebank.gateway;

import static org.junit.jupiter.api.Assertions.*;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Broadcasts reach exactly the opted-in members of their segment, at the fake provider; counts follow delivery reports. */
class BroadcastTest {
    static final String TOKEN = "at-token";
    FakeProviders provider;
    GatewayFixture f;
    String admin, coordKln;

    @BeforeEach
    void start() throws Exception {
        provider = new FakeProviders();
        f = new GatewayFixture(Map.of("SMS_PROVIDER", "africastalking", "AT_API_BASE", provider.base(), "AT_USERNAME", "sandbox",
                "AT_API_KEY", "key", "AT_CALLBACK_TOKEN", TOKEN, "SMS_RATE_PER_SECOND", "100"));
        admin = f.admin();
        f.post("/api/v1/orgs", admin, new JsonObject().put("code", "KLN").put("name", "Kowloon Care").put("district", "Kowloon City"));
        f.post("/api/v1/orgs", admin, new JsonObject().put("code", "NTW").put("name", "NT West").put("district", "Yuen Long"));
        f.post("/api/v1/staff", admin, new JsonObject().put("username", "coord-kln").put("password", "a-long-password")
                .put("role", "coordinator").put("org", "KLN"));
        coordKln = f.login("coord-kln", "a-long-password");
        member("91230701", "Ann Wong", "KLN", "en");
        member("91230702", "陳美", "KLN", "zh");
        member("91230703", "Opted Out", "KLN", "en");
        member("91230704", "Ben Otieno", "NTW", "sw");
        new SmsPhone(f, "+85291230703").viaAfricasTalking("STOP", TOKEN);
        provider.await("+85291230703", "no more offers");
    }

    @AfterEach
    void stop() {
        f.close();
        provider.close();
    }

    void member(String phone, String name, String org, String lang) {
        assertEquals(201, f.post("/api/v1/members", admin, new JsonObject().put("phone", phone).put("name", name).put("org", org)
                .put("language", lang)).status());
    }

    JsonObject lunch() {
        return new JsonObject().put("messages", new JsonObject().put("en", "Free lunch on Friday at the centre. Bring a friend!")
                .put("zh", "星期五中心免費午餐，歡迎帶朋友來！")).put("segment", new JsonObject().put("orgs", new JsonArray().add("KLN")));
    }

    @Test
    void aBroadcastReachesExactlyTheOptedInMembersOfItsSegmentAndCountsFollowDeliveryReports() {
        GatewayFixture.Answer preview = f.post("/api/v1/broadcasts/preview", coordKln, lunch());
        assertEquals(200, preview.status(), preview.body());
        JsonObject p = preview.json();
        assertEquals(2, p.getInteger("recipients"), "the member who sent STOP is left out");
        assertEquals("GSM-7", p.getJsonObject("byLanguage").getJsonObject("en").getString("encoding"));
        assertEquals("UCS-2", p.getJsonObject("byLanguage").getJsonObject("zh").getString("encoding"));
        assertEquals(2, p.getInteger("totalSegments"));
        long before = provider.sent.stream().filter(x -> x.body().contains("lunch") || x.body().contains("午餐")).mapToLong(x -> x.recipients().size()).sum();
        GatewayFixture.Answer created = f.post("/api/v1/broadcasts", coordKln, lunch());
        assertEquals(201, created.status(), created.body());
        long id = created.json().getLong("id");
        assertEquals(2, created.json().getInteger("recipients"));
        provider.await("+85291230701", "Free lunch");
        provider.await("+85291230702", "免費午餐");
        waitFor(() -> f.get("/api/v1/broadcasts/" + id, coordKln).json().getLong("queued") == 0);
        assertEquals(2, provider.sent.stream().filter(x -> x.body().contains("lunch") || x.body().contains("午餐")).mapToLong(x -> x.recipients().size()).sum() - before,
                "nobody else got it: " + provider.sent);
        assertTrue(provider.to("+85291230703").stream().noneMatch(s -> s.body().contains("lunch")));
        assertTrue(provider.to("+85291230704").stream().noneMatch(s -> s.body().contains("lunch")), "another NGO is not in the segment");

        var ids = f.gateway.ledger().pool().query("SELECT to_phone, provider_message_id FROM outbox WHERE broadcast_id = " + id).execute()
                .toCompletionStage().toCompletableFuture().join();
        for (var row : ids) {
            String status = row.getString(0).endsWith("701") ? "Success" : "Failed";
            assertEquals(200, f.form("/sms/africastalking/delivery?token=" + TOKEN, Map.of("id", row.getString(1), "status", status,
                    "phoneNumber", row.getString(0), "failureReason", "DeliveryFailure")).status());
        }
        JsonObject st = f.get("/api/v1/broadcasts/" + id, coordKln).json();
        assertEquals("done", st.getString("status"));
        assertEquals(1, st.getLong("delivered"));
        assertEquals(1, st.getLong("failed"));
        assertEquals(2, st.getInteger("recipients"));
    }

    @Test
    void aScheduledBroadcastWaitsAndOneOverTheBudgetIsRefused() {
        JsonObject later = lunch().put("sendAt", "2999-01-01T09:00:00Z");
        long id = f.post("/api/v1/broadcasts", admin, later).json().getLong("id");
        JsonObject st = f.get("/api/v1/broadcasts/" + id, admin).json();
        assertEquals("scheduled", st.getString("status"));
        assertEquals(2, st.getLong("queued"));
        f.patch("/api/v1/orgs/KLN", admin, new JsonObject().put("smsBudgetPerMonth", 3));
        GatewayFixture.Answer over = f.post("/api/v1/broadcasts", admin, lunch());
        assertEquals(422, over.status());
        assertEquals("over_sms_budget", over.errorCode());
        assertEquals(1, f.count("SELECT count(*) FROM broadcasts"));
    }

    @Test
    void aCoordinatorReachesOnlyTheirOwnNgo() {
        GatewayFixture.Answer other = f.post("/api/v1/broadcasts", coordKln, lunch().put("segment",
                new JsonObject().put("orgs", new JsonArray().add("NTW"))));
        assertEquals(403, other.status());
        JsonObject all = new JsonObject().put("message", "Hello everyone");
        assertEquals(2, f.post("/api/v1/broadcasts/preview", coordKln, all).json().getInteger("recipients"), "no segment: their NGO only");
        assertEquals(3, f.post("/api/v1/broadcasts/preview", admin, all).json().getInteger("recipients"));
        long adminsId = f.post("/api/v1/broadcasts", admin, all).json().getLong("id");
        assertEquals(404, f.get("/api/v1/broadcasts/" + adminsId, coordKln).status());
        assertEquals(400, f.post("/api/v1/broadcasts", coordKln, new JsonObject()).status());
        assertEquals(401, f.post("/api/v1/broadcasts", "not-a-token", all).status());
    }

    @Test
    void aSegmentByCategoryReachesMembersWhosePostsAreInIt() throws Exception {
        f.post("/api/v1/categories", admin, new JsonObject().put("code", "repairs")
                .put("names", new JsonObject().put("en", "Repairs").put("zh", "維修").put("sw", "Matengenezo")));
        long ann = f.count("SELECT id FROM members WHERE phone = '+85291230701'");
        Gateway.await(f.gateway.ledger().posts().create(ann, "offer", "repairs", "I fix doors", null, 30));
        JsonObject body = new JsonObject().put("message", "Repair volunteers: tools day on Saturday")
                .put("segment", new JsonObject().put("categories", new JsonArray().add("repairs")));
        assertEquals(1, f.post("/api/v1/broadcasts/preview", admin, body).json().getInteger("recipients"));
        JsonObject member = f.get("/api/v1/members/" + ann, admin).json();
        assertEquals(new JsonArray().add("repairs"), member.getJsonArray("interests"));
    }

    private void waitFor(java.util.function.BooleanSupplier condition) {
        long until = System.currentTimeMillis() + 10_000;
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
