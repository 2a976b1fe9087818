package org.timebank.gateway;

import static org.junit.jupiter.api.Assertions.*;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * sms.md over Africa's Talking's wire format, against a local fake of its API: members register
 * by SMS, set a PIN, check the balance, send hours with a two-step confirmation, cancel one with
 * NO and let one expire; replies arrive at the fake provider; a duplicate delivery acts once.
 */
class SmsFlowTest {
    static final String TOKEN = "at-callback-token";
    FakeProviders provider;
    GatewayFixture f;
    String admin;

    @BeforeEach
    void start() throws Exception {
        provider = new FakeProviders();
        f = new GatewayFixture(Map.of("SMS_PROVIDER", "africastalking", "AT_API_BASE", provider.base(), "AT_USERNAME", "sandbox",
                "AT_API_KEY", "atsk_test_key", "AT_CALLBACK_TOKEN", TOKEN, "AT_SENDER_ID", "TIMEBANK"));
        admin = f.admin();
        f.post("/api/v1/orgs", admin, new JsonObject().put("code", "KLN").put("name", "Kowloon Care").put("district", "K").put("contact", "2345 6789"));
    }

    @AfterEach
    void stop() {
        f.close();
        provider.close();
    }

    SmsPhone joined(String number, String name) {
        SmsPhone p = new SmsPhone(f, number);
        assertEquals(200, p.viaAfricasTalking("REG " + name, TOKEN).status());
        provider.await(number, "Welcome");
        p.viaAfricasTalking("PIN 4826 4826", TOKEN);
        provider.await(number, "PIN is set");
        return p;
    }

    @Test
    void membersRegisterSetAPinCheckTheBalanceAndSendHoursInTwoSteps() {
        SmsPhone ann = new SmsPhone(f, "+85291230011");
        ann.viaAfricasTalking("BAL", TOKEN);
        provider.await(ann.number, "not a Time Bank member");
        ann.viaAfricasTalking("REG Ann Wong", TOKEN);
        FakeProviders.Sent welcome = provider.await(ann.number, "Welcome Ann");
        assertEquals("sandbox", welcome.form().get("username"));
        assertEquals("TIMEBANK", welcome.form().get("from"));
        assertEquals("atsk_test_key", welcome.headers().get("apikey"));
        ann.viaAfricasTalking("PIN 1234 1234", TOKEN);
        provider.await(ann.number, "too easy");
        ann.viaAfricasTalking("PIN 4826 4826", TOKEN);
        provider.await(ann.number, "PIN is set");
        ann.viaAfricasTalking("bal", TOKEN);
        provider.await(ann.number, "text BAL and your PIN");
        ann.viaAfricasTalking("BAL 4826", TOKEN);
        provider.await(ann.number, "Balance: 0h");

        SmsPhone ben = joined("+85291230012", "Ben Otieno");
        f.post("/api/v1/credits", admin, new JsonObject().put("phone", ann.number).put("hours", 3));
        ann.viaAfricasTalking("SEND 9123 0012 1.5 thanks for the soup", TOKEN);
        provider.await(ann.number, "Send 1.5h to Ben +852****012? Reply with your PIN");
        assertEquals(0, f.count("SELECT count(*) FROM transfers WHERE kind = 'send'"), "nothing moves before the PIN");
        ann.viaAfricasTalking("4826", TOKEN);
        provider.await(ann.number, "You sent 1.5h to Ben");
        provider.await(ben.number, "You got 1.5h from Ann");
        assertEquals(1, f.count("SELECT count(*) FROM transfers WHERE kind = 'send' AND memo = 'thanks for the soup'"));
        ann.viaAfricasTalking("4826", TOKEN);
        provider.await(ann.number, "nothing waiting to confirm");

        ann.viaAfricasTalking("SEND 91230012 1", TOKEN);
        provider.await(ann.number, "Send 1h to Ben");
        ann.viaAfricasTalking("NO", TOKEN);
        provider.await(ann.number, "Cancelled");
        ann.viaAfricasTalking("4826", TOKEN);
        assertEquals(1, f.count("SELECT count(*) FROM transfers WHERE kind = 'send'"), "a cancelled SEND is not confirmed by a PIN");

        ann.viaAfricasTalking("TUMA 91230012 0,5", TOKEN);
        provider.await(ann.number, "Send 0.5h to Ben");
        f.count("WITH x AS (UPDATE sms_pending SET expires_at = now() - interval '1 second' WHERE status = 'pending' RETURNING 1) SELECT count(*) FROM x");
        ann.viaAfricasTalking("YES 4826", TOKEN);
        provider.await(ann.number, "Too late");
        assertEquals(1, f.count("SELECT count(*) FROM transfers WHERE kind = 'send'"), "an expired SEND moves nothing");
        assertEquals(0, f.count("SELECT count(*) FROM inbound_sms WHERE body LIKE '%4826%'"), "stored copies have PINs masked");
        assertEquals(1, f.count("SELECT count(*) FROM inbound_sms WHERE body = 'BAL ****'"));
    }

    /** Ann and Ben joined, Ann credited 3h, her SEND of 1h to Ben waiting for its PIN. */
    SmsPhone annAsksToSendBenOneHour() {
        SmsPhone ann = joined("+85291230011", "Ann Wong");
        joined("+85291230012", "Ben Otieno");
        f.post("/api/v1/credits", admin, new JsonObject().put("phone", ann.number).put("hours", 3));
        ann.viaAfricasTalking("SEND 91230012 1", TOKEN);
        provider.await(ann.number, "Send 1h to Ben");
        return ann;
    }

    /** Ann's last message (her PIN) recorded once, one transfer made, one receipt. */
    void assertTheLastMessageWasActedOnOnce(SmsPhone ann) {
        provider.await(ann.number, "You sent 1h to Ben");
        assertEquals(1, f.count("SELECT count(*) FROM transfers WHERE kind = 'send'"));
        assertEquals(1, f.count("SELECT count(*) FROM inbound_sms WHERE provider_message_id = '" + ann.lastId + "'"));
        assertEquals(1, provider.to(ann.number).stream().filter(s -> s.body().contains("You sent")).count());
    }

    @Test
    void theSameInboundMessageDeliveredTwiceIsActedOnOnce() {
        SmsPhone ann = annAsksToSendBenOneHour();
        ann.viaAfricasTalking("4826", TOKEN);
        assertEquals(200, ann.africasTalkingAgain("4826", TOKEN).status(), "Africa's Talking re-posts until it gets a 200");
        assertEquals(200, ann.africasTalkingAgain("4826", TOKEN).status());
        assertTheLastMessageWasActedOnOnce(ann);
    }

    @Test
    void theSameInboundMessageDeliveredManyTimesAtOnceIsActedOnOnce() throws Exception {
        SmsPhone ann = annAsksToSendBenOneHour();
        ann.lastId = UUID.randomUUID().toString();
        // arriving together, the copies are recorded in one statement: only one of them is new
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> copies = new ArrayList<>();
            for (int i = 0; i < 8; i++) copies.add(pool.submit(() -> ann.africasTalkingAgain("4826", TOKEN).status()));
            for (var c : copies) assertEquals(200, c.get());
        } finally {
            pool.shutdown();
        }
        assertTheLastMessageWasActedOnOnce(ann);
        assertFalse(provider.to(ann.number).stream().anyMatch(s -> s.body().contains("nothing waiting to confirm")),
                "no copy was acted on as a second PIN: " + provider.to(ann.number));
    }

    @Test
    void aNewerSendReplacesTheOneWaitingForItsPin() {
        SmsPhone ann = annAsksToSendBenOneHour();
        ann.viaAfricasTalking("SEND 91230012 2", TOKEN);
        provider.await(ann.number, "Send 2h to Ben");
        assertEquals(1, f.count("SELECT count(*) FROM sms_pending WHERE status = 'replaced' AND amount_minutes = 60"));
        assertEquals(1, f.count("SELECT count(*) FROM sms_pending WHERE status = 'pending' AND amount_minutes = 120"));
        ann.viaAfricasTalking("4826", TOKEN);
        provider.await(ann.number, "You sent 2h to Ben");
        assertEquals(1, f.count("SELECT count(*) FROM transfers WHERE kind = 'send'"), "only the newer one moves hours");
        assertEquals(1, f.count("SELECT count(*) FROM transfers WHERE kind = 'send' AND amount_minutes = 120"));
    }

    @Test
    void aBarePinNeverPaysSomeoneElsesRequestButPayDoes() {
        SmsPhone ann = joined("+85291230011", "Ann Wong");
        SmsPhone ben = joined("+85291230012", "Ben Otieno");
        f.post("/api/v1/credits", admin, new JsonObject().put("phone", ann.number).put("hours", 3));
        ben.viaAfricasTalking("ASK 91230011 2 door repair", TOKEN);
        provider.await(ben.number, "Your request for 2h was sent to Ann");
        provider.await(ann.number, "Ben asks you for 2h: door repair");
        ann.viaAfricasTalking("4826", TOKEN);
        provider.await(ann.number, "nothing waiting to confirm");
        assertEquals(0, f.count("SELECT count(*) FROM transfers WHERE kind = 'request'"));
        ann.viaAfricasTalking("PAY 4826", TOKEN);
        provider.await(ben.number, "You got 2h from Ann");
        assertEquals(1, f.count("SELECT count(*) FROM transfers WHERE kind = 'request'"));
    }

    @Test
    void wrongPinsBySmsCountWithUssdOnesAndLock() {
        SmsPhone ann = joined("+85291230011", "Ann Wong");
        ann.viaAfricasTalking("BAL 1111", TOKEN);
        provider.await(ann.number, "Wrong PIN. 2 tries left");
        Phone phone = new Phone(f, ann.number, "/ussd/africastalking?token=" + TOKEN);
        phone.dial();
        phone.type("2");
        assertTrue(phone.type("1357").startsWith("CON Wrong PIN. 1 tries left"), phone.last);
        ann.viaAfricasTalking("BAL 2222", TOKEN);
        provider.await(ann.number, "locked");
        ann.viaAfricasTalking("BAL 4826", TOKEN);
        provider.awaitCount(ann.number, "locked", 2); // the right PIN is refused while locked
        assertEquals(0, provider.to(ann.number).stream().filter(s -> s.body().startsWith("Balance")).count());
    }

    @Test
    void aPinSentTogetherWithSendIsNeitherKeptNorPassedOn() {
        SmsPhone ann = joined("+85291230011", "Ann Wong");
        SmsPhone ben = joined("+85291230012", "Ben Otieno");
        f.post("/api/v1/credits", admin, new JsonObject().put("phone", ann.number).put("hours", 3));
        ann.viaAfricasTalking("SEND 91230012 1 4826", TOKEN);
        provider.await(ann.number, "PIN only");
        ann.viaAfricasTalking("ASK 91230012 1 4826", TOKEN);
        provider.awaitCount(ann.number, "PIN only", 2);
        assertEquals(0, f.count("SELECT count(*) FROM inbound_sms WHERE body LIKE '%4826%'"));
        assertEquals(0, f.count("SELECT count(*) FROM sms_pending"));
        assertTrue(provider.to(ben.number).stream().noneMatch(x -> x.body().contains("Ann")), "no request reached Ben");
    }

    @Test
    void registrationReadsCodesInAnyCaseAndAnswersKiswahiliInKiswahili() {
        f.post("/api/v1/orgs", admin, new JsonObject().put("code", "KBR").put("name", "Kibera Youth").put("district", "Kibera"));
        SmsPhone peter = new SmsPhone(f, "+85291230021");
        peter.viaAfricasTalking("REG Peter Lam kbr", TOKEN);
        provider.await(peter.number, "You joined Kibera Youth");
        SmsPhone juma = new SmsPhone(f, "+85291230022");
        juma.viaAfricasTalking("SAJILI Juma Ali KLN", TOKEN);
        FakeProviders.Sent reply = provider.await(juma.number, "Juma");
        assertFalse(reply.body().contains("Welcome"), "answered in Kiswahili: " + reply.body());
        assertEquals(1, f.count("SELECT count(*) FROM members WHERE name = 'Juma Ali' AND language = 'sw'"));
        assertEquals(1, f.count("SELECT count(*) FROM members WHERE name = 'Peter Lam'"));
    }

    @Test
    void callbacksWithoutTheTokenAreRefusedAndChangeNothing() {
        SmsPhone ann = new SmsPhone(f, "+85291230011");
        assertEquals(403, ann.viaAfricasTalking("REG Ann", "wrong").status());
        assertEquals(0, f.count("SELECT count(*) FROM inbound_sms"));
        assertEquals(400, f.form("/sms/africastalking/inbound?token=" + TOKEN, Map.of("from", "+85291230011")).status());
        assertEquals(0, f.count("SELECT count(*) FROM members"));
    }

    @Test
    void deliveryReportsMarkMessagesDeliveredOrFailed() {
        SmsPhone ann = joined("+85291230011", "Ann Wong");
        FakeProviders.Sent welcome = provider.await(ann.number, "Welcome");
        for (int i = 0; i < 100 && f.count("SELECT count(*) FROM outbox WHERE body LIKE 'Welcome%' AND status = 'sent'") == 0; i++) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        String id = f.gateway.ledger().pool().query("SELECT provider_message_id FROM outbox WHERE body LIKE 'Welcome%'").execute()
                .toCompletionStage().toCompletableFuture().join().iterator().next().getString(0);
        assertNotNull(welcome);
        assertEquals(200, f.form("/sms/africastalking/delivery?token=" + TOKEN, Map.of("id", id, "status", "Success",
                "phoneNumber", ann.number, "networkCode", "63902")).status());
        assertEquals(1, f.count("SELECT count(*) FROM outbox WHERE provider_message_id = '" + id + "' AND status = 'delivered'"));
        assertEquals(200, f.form("/sms/africastalking/delivery?token=" + TOKEN, Map.of("id", "ATXid_unknown", "status", "Submitted")).status());
        assertEquals(403, f.form("/sms/africastalking/delivery", Map.of("id", id, "status", "Failed")).status());
    }

    @Test
    void aDeliveryReportThatComesBeforeItsMessageIsMarkedSentIsMatchedLater() throws Exception {
        SmsPhone ann = joined("+85291230011", "Ann Wong");
        for (int i = 0; i < 100 && f.count("SELECT count(*) FROM outbox WHERE body LIKE 'Welcome%' AND status = 'sent'") == 0; i++) {
            Thread.sleep(50);
        }
        var pool = f.gateway.ledger().pool();
        long id = pool.query("SELECT id FROM outbox WHERE body LIKE 'Welcome%'").execute()
                .toCompletionStage().toCompletableFuture().join().iterator().next().getLong(0);
        // the provider's report for a message id no row carries yet
        assertEquals(200, f.form("/sms/africastalking/delivery?token=" + TOKEN, Map.of("id", "ATXid_early", "status", "Success",
                "phoneNumber", ann.number, "networkCode", "63902")).status());
        assertEquals(0, f.count("SELECT count(*) FROM outbox WHERE status = 'delivered'"));
        // then the dispatcher's mark lands
        pool.query("UPDATE outbox SET status = 'sent', provider = 'africastalking', provider_message_id = 'ATXid_early' WHERE id = " + id)
                .execute().toCompletionStage().toCompletableFuture().join();
        for (int i = 0; i < 100 && f.count("SELECT count(*) FROM outbox WHERE id = " + id + " AND status = 'delivered'") == 0; i++) {
            Thread.sleep(50);
        }
        assertEquals(1, f.count("SELECT count(*) FROM outbox WHERE id = " + id + " AND status = 'delivered'"));
    }
}
