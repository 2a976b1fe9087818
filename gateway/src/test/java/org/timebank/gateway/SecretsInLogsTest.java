package org.timebank.gateway;

import static org.junit.jupiter.api.Assertions.*;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Passwords, tokens, the pepper and PINs never reach a log line or an error answer. Everything the
 * gateway prints while a flow runs (at debug level for our code) is captured and searched.
 */
class SecretsInLogsTest {
    @Test
    void noSecretAppearsInWhatTheGatewayPrintsOrAnswers() throws Exception {
        PrintStream err = System.err, out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setErr(capture);
        System.setOut(capture);
        StringBuilder answers = new StringBuilder();
        String token;
        try (GatewayFixture f = new GatewayFixture()) {
            token = f.admin();
            answers.append(f.post("/api/v1/session", null, new JsonObject().put("username", "admin").put("password", "Wr0ng-secret-pass")).body());
            answers.append(f.post("/api/v1/staff", token, new JsonObject().put("username", "bob").put("password", "Sh0rt")
                    .put("role", "agent").put("org", "NOPE")).body());
            answers.append(f.post("/api/v1/orgs", token, new JsonObject().put("code", "KLN").put("name", "K").put("district", "D")).body());
            answers.append(f.post("/api/v1/members", token, new JsonObject().put("phone", "91230001").put("name", "Ann").put("org", "KLN")).body());
            answers.append(f.get("/api/v1/members", token + "x").body());
            answers.append(f.post("/api/v1/members", token, "{\"phone\": \"91230002\", \"pin\": \"4826\", broken").body());
            answers.append(f.get("/simulator/inbox?phone=91230001&token=Qu3ry-secret", null).body());
        } finally {
            System.setErr(err);
            System.setOut(out);
        }
        String printed = captured.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("POST /api/v1/session 401"), "the capture saw the gateway's request log: " + printed);
        assertTrue(printed.contains("GET /simulator/inbox 200"), printed);
        for (String secret : List.of(GatewayFixture.ADMIN_PASSWORD, "gateway-test-pepper-0123456789", token, "Wr0ng-secret-pass", "Sh0rt", "4826",
                "Qu3ry-secret")) {
            assertFalse(printed.contains(secret), "printed output holds a secret: " + secret);
            assertFalse(answers.toString().contains(secret), "an answer holds a secret: " + secret);
        }
    }
}
