package org.timebank.gateway;

import static org.junit.jupiter.api.Assertions.*;

import io.vertx.core.Vertx;
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
    void aRefusedConnectionNeverReachedTheProvider() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        SendOutcome o = new AfricasTalkingSender(vertx, "http://localhost:" + closed, "sandbox", "key", null).send("+254711000111", "hi")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertInstanceOf(SendOutcome.NotReached.class, o);
    }
}
