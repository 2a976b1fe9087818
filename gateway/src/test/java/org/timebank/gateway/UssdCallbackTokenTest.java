package org.timebank.gateway;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** With AT_CALLBACK_TOKEN set, Africa's Talking callbacks must carry ?token=, else 403 and nothing happens. */
class UssdCallbackTokenTest {
    @Test
    void aMissingOrWrongTokenIsRefused() throws Exception {
        try (GatewayFixture f = new GatewayFixture(Map.of("AT_CALLBACK_TOKEN", "s3cret-token"))) {
            Map<String, String> hop = Map.of("sessionId", "s1", "serviceCode", "*384*123#", "phoneNumber", "+85291230011", "text", "");
            assertEquals(403, f.form("/ussd/africastalking", hop).status());
            assertEquals(403, f.form("/ussd/africastalking?token=wrong", hop).status());
            assertEquals(403, f.form("/ussd/africastalking/events?token=wrong", Map.of("sessionId", "s1", "status", "Success")).status());
            assertEquals(0, f.count("SELECT count(*) FROM ussd_sessions"));
            GatewayFixture.Answer ok = f.form("/ussd/africastalking?token=s3cret-token", hop);
            assertEquals(200, ok.status());
            assertTrue(ok.body().startsWith("CON Welcome"));
        }
    }
}
