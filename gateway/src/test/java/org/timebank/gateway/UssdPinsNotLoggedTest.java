package org.timebank.gateway;

import static org.junit.jupiter.api.Assertions.*;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** PINs typed on USSD never reach a log line: everything printed during real flows is captured and searched. */
class UssdPinsNotLoggedTest {
    static final String PIN = "6815", WRONG = "5927";

    @Test
    void noPinInAnyLogLine() throws Exception {
        PrintStream err = System.err, out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setErr(capture);
        System.setOut(capture);
        try (GatewayFixture f = new GatewayFixture()) {
            String admin = f.admin();
            f.post("/api/v1/orgs", admin, new JsonObject().put("code", "KLN").put("name", "Kowloon Care").put("district", "K"));
            Phone ann = new Phone(f, "+85291230011"), ben = new Phone(f, "+85291230012");
            for (Phone p : new Phone[] {ann, ben}) {
                p.dial();
                p.typeAll("1", "Member", "1", PIN, PIN);
            }
            f.post("/api/v1/credits", admin, new JsonObject().put("phone", ann.number).put("hours", 2));
            ann.dialShortcut("1", "91230012", "1", PIN);
            ann.dial();
            ann.typeAll("00", "2", WRONG, PIN);
            ann.dial();
            ann.typeAll("6", "1", PIN, "3579", "3579");
            f.form("/ussd/africastalking", java.util.Map.of("sessionId", "broken", "phoneNumber", "+85291230011", "text", PIN));
        } finally {
            System.setErr(err);
            System.setOut(out);
        }
        String printed = captured.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("POST /ussd/africastalking 200"), "the capture saw the request log");
        for (String pin : new String[] {PIN, WRONG, "3579"}) assertFalse(printed.contains(pin), "a PIN reached the log: " + pin);
    }
}
