package org.timebank.gateway;

import static org.junit.jupiter.api.Assertions.*;

import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.timebank.gateway.sms.AfricasTalkingSender;
import org.timebank.gateway.sms.SendOutcome;

/** How each answer of Africa's Talking's send API maps onto the retry policy's vocabulary. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AfricasTalkingSenderTest {
    FakeProviders fake;
    Vertx vertx = Vertx.vertx();

    @BeforeAll
    void start() throws Exception {
        fake = new FakeProviders();
    }

    @AfterAll
    void stop() {
        fake.close();
        vertx.close();
    }

    static String recipient(int code, String status) {
        return "{\"SMSMessageData\":{\"Message\":\"x\",\"Recipients\":[{\"statusCode\":" + code + ",\"number\":\"+254711000111\","
                + "\"status\":\"" + status + "\",\"cost\":\"KES 0\",\"messageId\":\"ATXid_1\"}]}}";
    }

    static Stream<Arguments> answers() {
        return Stream.of(
                Arguments.of(201, recipient(101, "Success"), SendOutcome.Accepted.class, false),
                Arguments.of(201, recipient(102, "Queued"), SendOutcome.Accepted.class, false),
                Arguments.of(201, recipient(406, "UserInBlacklist"), SendOutcome.Refused.class, true),
                Arguments.of(201, recipient(403, "InvalidPhoneNumber"), SendOutcome.Refused.class, false),
                Arguments.of(201, recipient(500, "InternalServerError"), SendOutcome.NotReached.class, false),
                Arguments.of(429, "{}", SendOutcome.NotReached.class, false),
                Arguments.of(500, "{}", SendOutcome.MaybeSent.class, false),
                Arguments.of(502, "", SendOutcome.MaybeSent.class, false),
                Arguments.of(401, "The supplied authentication is invalid", SendOutcome.Refused.class, false),
                Arguments.of(201, "not json", SendOutcome.MaybeSent.class, false));
    }

    @ParameterizedTest(name = "HTTP {0} {1} -> {2}")
    @MethodSource("answers")
    void classifies(int status, String body, Class<?> expected, boolean optedOut) throws Exception {
        fake.script.add(new FakeProviders.Answer(status, body));
        SendOutcome o = new AfricasTalkingSender(vertx, fake.base(), "sandbox", "key", null).send("+254711000111", "hello")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(expected, o.getClass(), o.toString());
        if (o instanceof SendOutcome.Refused r) assertEquals(optedOut, r.optedOut());
    }

    @Test
    void oneRequestCarriesManyNumbersAndEachGetsItsOwnOutcome() throws Exception {
        AfricasTalkingSender at = new AfricasTalkingSender(vertx, fake.base(), "sandbox", "key", "TIMEBANK");
        assertEquals(390, at.maxBatch(), "the URL-encoded to of any 390 E.164 numbers fits in 8 KB");
        fake.atRecipient("+254711000202", new FakeProviders.Recipient(406, "UserInBlacklist"));
        fake.atRecipient("+254711000203", FakeProviders.OMITTED);
        fake.atRecipient("+254711000204", new FakeProviders.Recipient(500, "InternalServerError"));
        fake.atRecipient("+254711000205", new FakeProviders.Recipient(403, "InvalidPhoneNumber"));
        List<String> phones = List.of("+254711000201", "+254711000202", "+254711000203", "+254711000204", "+254711000205", "+254711000206");
        int before = fake.sent.size();
        List<SendOutcome> o = at.sendMany(phones, "many hello").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertEquals(before + 1, fake.sent.size(), "one request for all six");
        FakeProviders.Sent request = fake.sent.get(before);
        assertEquals(String.join(",", phones), request.to());
        assertEquals("key", request.headers().get("apikey"));
        assertEquals("sandbox", request.form().get("username"));
        assertEquals("TIMEBANK", request.form().get("from"));
        assertEquals("many hello", request.body());

        assertEquals(6, o.size());
        assertEquals(new SendOutcome.Accepted(fake.atMessageIds.get("+254711000201")), o.get(0));
        assertEquals(new SendOutcome.Accepted(fake.atMessageIds.get("+254711000206")), o.get(5));
        assertNotEquals(o.get(0), o.get(5), "each number has its own message id");
        assertTrue(o.get(1) instanceof SendOutcome.Refused r && r.optedOut(), o.get(1).toString());
        assertInstanceOf(SendOutcome.MaybeSent.class, o.get(2), "a number missing from the answer may have been sent");
        assertInstanceOf(SendOutcome.NotReached.class, o.get(3));
        assertTrue(o.get(4) instanceof SendOutcome.Refused r && !r.optedOut(), o.get(4).toString());
    }

    @Test
    void numbersAreMatchedByTheirDigitsWhateverTheOrderOfTheAnswer() throws Exception {
        fake.script.add(new FakeProviders.Answer(201, "{\"SMSMessageData\":{\"Message\":\"Sent to 2/2\",\"Recipients\":["
                + "{\"statusCode\":406,\"number\":\"254711000302\",\"status\":\"UserInBlacklist\",\"cost\":\"0\",\"messageId\":\"None\"},"
                + "{\"statusCode\":101,\"number\":\"+254 711 000301\",\"status\":\"Success\",\"cost\":\"KES 0.8\",\"messageId\":\"ATXid_a\"}]}}"));
        List<SendOutcome> o = new AfricasTalkingSender(vertx, fake.base(), "sandbox", "key", null)
                .sendMany(List.of("+254711000301", "+254711000302"), "hi").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(new SendOutcome.Accepted("ATXid_a"), o.get(0));
        assertTrue(o.get(1) instanceof SendOutcome.Refused r && r.optedOut(), o.get(1).toString());
    }

    @Test
    void anAnswerAboutTheWholeRequestIsEveryNumbersOutcome() throws Exception {
        AfricasTalkingSender at = new AfricasTalkingSender(vertx, fake.base(), "sandbox", "key", null);
        List<String> phones = List.of("+254711000401", "+254711000402", "+254711000403");
        fake.script.add(new FakeProviders.Answer(500, "{}"));
        List<SendOutcome> o = at.sendMany(phones, "hi").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(3, o.size());
        o.forEach(x -> assertInstanceOf(SendOutcome.MaybeSent.class, x));
        fake.script.add(new FakeProviders.Answer(429, "{}"));
        at.sendMany(phones, "hi").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
                .forEach(x -> assertInstanceOf(SendOutcome.NotReached.class, x));
        fake.script.add(new FakeProviders.Answer(401, "The supplied authentication is invalid"));
        at.sendMany(phones, "hi").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
                .forEach(x -> assertTrue(x instanceof SendOutcome.Refused r && !r.optedOut()));
    }

    @Test
    void longListsAreSplitAndANumberTwiceGoesInSeparateRequests() throws Exception {
        AfricasTalkingSender at = new AfricasTalkingSender(vertx, fake.base(), "sandbox", "key", null);
        List<String> phones = new ArrayList<>();
        // 15 digits, the longest E.164 number: a full request is still under the fake's 8 KB form field limit
        for (int i = 0; i < 1_100; i++) phones.add(String.format("+2547%011d", i));
        phones.add(3, phones.get(1));
        int before = fake.sent.size();
        List<SendOutcome> o = at.sendMany(phones, "split").toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        List<FakeProviders.Sent> requests = fake.sent.subList(before, fake.sent.size());
        assertEquals(3, requests.size(), "1,101 numbers in requests of at most " + at.maxBatch());
        requests.forEach(r -> {
            assertTrue(r.recipients().size() <= at.maxBatch());
            assertEquals(r.recipients().size(), new java.util.HashSet<>(r.recipients()).size(), "no number twice in one request");
        });
        assertEquals(1_101, o.size());
        o.forEach(x -> assertInstanceOf(SendOutcome.Accepted.class, x));
        assertNotEquals(o.get(1), o.get(3), "the same number twice: two messages, two ids");
        assertEquals(1_101, o.stream().map(x -> ((SendOutcome.Accepted) x).providerMessageId()).distinct().count());
    }

    @Test
    void aRefusedConnectionNeverReachedTheProvider() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        SendOutcome o = new AfricasTalkingSender(vertx, "http://localhost:" + closed, "sandbox", "key", null).send("+254711000111", "hi")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertInstanceOf(SendOutcome.NotReached.class, o);
        List<SendOutcome> many = new AfricasTalkingSender(vertx, "http://localhost:" + closed, "sandbox", "key", null)
                .sendMany(List.of("+254711000111", "+254711000112"), "hi").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        many.forEach(x -> assertInstanceOf(SendOutcome.NotReached.class, x));
    }
}
