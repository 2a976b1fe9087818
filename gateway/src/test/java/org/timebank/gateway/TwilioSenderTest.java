package org.timebank.gateway;

import static org.junit.jupiter.api.Assertions.*;

import io.vertx.core.Vertx;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.timebank.gateway.sms.SendOutcome;
import org.timebank.gateway.sms.TwilioSender;

/** The Twilio sender's requests over the wire, and an API that cannot be reached. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwilioSenderTest {
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

    TwilioSender sender(String base) {
        return new TwilioSender(vertx, base, "AC00000000000000000000000000000001", "auth-token", "+15005550006", "http://gateway.example");
    }

    @Test
    void aMessageIsOneRequestWithTheFormTwilioReads() throws Exception {
        int before = fake.sent.size();
        SendOutcome o = sender(fake.base()).send("+254711000111", "hello").toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertInstanceOf(SendOutcome.Accepted.class, o, o.toString());
        FakeProviders.Sent request = fake.sent.get(before);
        assertEquals("+254711000111", request.form().get("To"));
        assertEquals("hello", request.form().get("Body"));
        assertEquals("http://gateway.example/sms/twilio/status", request.form().get("StatusCallback"));
        assertTrue(request.headers().get("authorization").startsWith("Basic "), request.headers().toString());
    }

    @Test
    void anApiThatRefusesTheConnectionIsNotReached() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        SendOutcome o = sender("http://localhost:" + closedPort).send("+254711000111", "hello")
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertInstanceOf(SendOutcome.NotReached.class, o, o.toString());
    }
}
