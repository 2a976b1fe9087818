package org.timebank.gateway;

import static org.junit.jupiter.api.Assertions.*;

import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Twilio's wire format against a local fake of its REST API: signed inbound webhooks (a wrong or
 * missing signature gets 403 and changes nothing), an empty TwiML answer, replies sent through the
 * SDK with Basic auth and a status callback, signed status callbacks, and the retry policy.
 */
class TwilioSmsTest {
    static final String AUTH = "test_auth_token_123", BASE = "https://gw.example.org";
    FakeProviders provider;
    GatewayFixture f;
    String admin;

    @BeforeEach
    void start() throws Exception {
        provider = new FakeProviders();
        f = new GatewayFixture(Map.of("SMS_PROVIDER", "twilio", "TWILIO_API_BASE", provider.base(), "TWILIO_ACCOUNT_SID", FakeProviders.TWILIO_SID,
                "TWILIO_AUTH_TOKEN", AUTH, "TWILIO_FROM", "+15005550006", "PUBLIC_BASE_URL", BASE, "AT_CALLBACK_TOKEN", "at-token"));
        admin = f.admin();
        f.post("/api/v1/orgs", admin, new JsonObject().put("code", "KLN").put("name", "Kowloon Care").put("district", "K"));
    }

    @AfterEach
    void stop() {
        f.close();
        provider.close();
    }

    @Test
    void theSignatureAlgorithmMatchesTwiliosPublishedVector() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("CallSid", "CA1234567890ABCDE");
        params.put("Caller", "+14158675309");
        params.put("Digits", "1234");
        params.put("From", "+14158675309");
        params.put("To", "+18005551212");
        assertEquals("RSOYDt4T1cUTdK1PDd93/VVr8B8=", SmsPhone.sign("12345", "https://mycompany.com/myapp.php?foo=1&bar=2", params));
    }

    @Test
    void aSignedInboundSmsIsAnsweredWithEmptyTwimlAndTheReplyGoesOutThroughTheRestApi() {
        SmsPhone ann = new SmsPhone(f, "+85291230011");
        GatewayFixture.Answer a = ann.viaTwilio("REG Ann Wong", AUTH, BASE);
        assertEquals(200, a.status());
        assertEquals("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>", a.body());
        FakeProviders.Sent reply = provider.await(ann.number, "Welcome Ann");
        assertEquals("+15005550006", reply.form().get("From"));
        assertEquals(BASE + "/sms/twilio/status", reply.form().get("StatusCallback"));
        String basic = "Basic " + Base64.getEncoder().encodeToString((FakeProviders.TWILIO_SID + ":" + AUTH).getBytes());
        assertEquals(basic, reply.headers().get("authorization"));
        assertEquals(1, f.count("SELECT count(*) FROM members"));
    }

    @Test
    void aWrongOrMissingSignatureGets403AndChangesNothing() {
        SmsPhone ann = new SmsPhone(f, "+85291230011");
        ann.lastId = "SM00000000000000000000000000000001";
        Map<String, String> form = ann.twilioInbound("REG Ann Wong");
        assertEquals(403, ann.twilioForm("/sms/twilio/inbound", form, "wrong-token", BASE, null).status());
        assertEquals(403, ann.twilioForm("/sms/twilio/inbound", form, AUTH, "https://other.example.org", null).status());
        assertEquals(403, f.formWithHeader("/sms/twilio/inbound", form, "X-Other", "x").status());
        Map<String, String> tampered = new LinkedHashMap<>(form);
        String good = SmsPhone.sign(AUTH, BASE + "/sms/twilio/inbound", form);
        tampered.put("Body", "REG Mallory");
        assertEquals(403, ann.twilioForm("/sms/twilio/inbound", tampered, AUTH, BASE, good).status());
        assertEquals(0, f.count("SELECT count(*) FROM inbound_sms"));
        assertEquals(0, f.count("SELECT count(*) FROM members"));
        assertEquals(0, f.count("SELECT count(*) FROM outbox"));
    }

    @Test
    void statusCallbacksAreSignedAndMarkDelivery() {
        SmsPhone ann = new SmsPhone(f, "+85291230011");
        ann.viaTwilio("REG Ann Wong", AUTH, BASE);
        provider.await(ann.number, "Welcome");
        waitFor("SELECT count(*) FROM outbox WHERE to_phone = '+85291230011' AND status = 'sent'");
        String sid = f.gateway.ledger().pool().query("SELECT provider_message_id FROM outbox WHERE to_phone = '+85291230011'").execute()
                .toCompletionStage().toCompletableFuture().join().iterator().next().getString(0);
        Map<String, String> status = new LinkedHashMap<>(Map.of("MessageSid", sid, "MessageStatus", "delivered", "AccountSid",
                FakeProviders.TWILIO_SID, "To", ann.number, "From", "+15005550006", "ApiVersion", "2010-04-01"));
        assertEquals(403, ann.twilioForm("/sms/twilio/status", status, "nope", BASE, null).status());
        assertEquals(0, f.count("SELECT count(*) FROM outbox WHERE status = 'delivered'"));
        assertEquals(200, ann.twilioForm("/sms/twilio/status", status, AUTH, BASE, null).status());
        assertEquals(1, f.count("SELECT count(*) FROM outbox WHERE status = 'delivered' AND provider_message_id = '" + sid + "'"));
    }

    @Test
    void a429IsRetriedWithBackoffAndThenSent() {
        provider.script.add(new FakeProviders.Answer(429, "{\"code\":20429,\"message\":\"Too Many Requests\",\"status\":429}"));
        SmsPhone ann = new SmsPhone(f, "+85291230011");
        ann.viaTwilio("HELP", AUTH, BASE);
        provider.awaitCount(ann.number, "Time Bank", 2);
        waitFor("SELECT count(*) FROM outbox WHERE status = 'sent' AND attempts = 2 AND NOT possibly_duplicated");
    }

    @Test
    void a5xxIsRetriedOnceMarkedPossiblyDuplicatedAndThenGivenUp() {
        provider.script.add(new FakeProviders.Answer(500, "{\"code\":20500,\"message\":\"Internal Server Error\",\"status\":500}"));
        provider.script.add(new FakeProviders.Answer(503, "{\"code\":20503,\"message\":\"Service Unavailable\",\"status\":503}"));
        SmsPhone ann = new SmsPhone(f, "+85291230011");
        ann.viaTwilio("HELP", AUTH, BASE);
        provider.awaitCount(ann.number, "Time Bank", 2);
        waitFor("SELECT count(*) FROM outbox WHERE status = 'failed' AND possibly_duplicated AND attempts = 2");
        try {
            Thread.sleep(3_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assertEquals(2, provider.to(ann.number).size(), "no third try: it may have gone out already");
    }

    @Test
    void anOptedOutNumberIsNotRetriedAndIsRemembered() {
        SmsPhone ann = new SmsPhone(f, "+85291230011");
        ann.viaTwilio("REG Ann Wong", AUTH, BASE);
        provider.await(ann.number, "Welcome");
        provider.script.add(new FakeProviders.Answer(400, "{\"code\":21610,\"message\":\"Attempt to send to unsubscribed recipient\",\"status\":400}"));
        ann.viaTwilio("HELP", AUTH, BASE);
        waitFor("SELECT count(*) FROM outbox WHERE status = 'failed' AND error LIKE 'opted out at the carrier%'");
        assertEquals(1, f.count("SELECT count(*) FROM members WHERE carrier_opted_out"));
        try {
            Thread.sleep(2_500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assertEquals(2, provider.to(ann.number).size(), "the refused message was not sent again");
    }

    private void waitFor(String countQuery) {
        long until = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < until) {
            if (f.count(countQuery) > 0) return;
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        fail("never true: " + countQuery);
    }
}
