package org.timebank.gateway;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad configuration stops the start with one line naming the variable (http.md). */
class ConfigTest {
    @ParameterizedTest(name = "{0}={1} -> names {0}")
    @CsvSource(delimiter = '|', value = {
            "PORT|eighty",
            "PORT|70000",
            "SMS_PROVIDER|pigeon",
            "DATABASE_URL|mysql://x/y",
            "DEFAULT_REGION|XX",
            "USSD_SERVICE_CODE|384123",
            "USSD_MAX_CHARS|500",
            "PIN_MAX_ATTEMPTS|0",
            "PIN_PEPPER|short",
            "ADMIN_PASSWORD|short",
            "DEMO|maybe",
            "AT_API_BASE|ftp://x",
            "SMS_RATE_PER_SECOND|-1",
            "DB_POOL_SIZE|1",
            "EVENT_LOOPS|0"})
    void aBadValueIsRefusedNamingItsVariable(String variable, String value) {
        Map<String, String> env = new HashMap<>();
        env.put(variable, value);
        if (variable.equals("DATABASE_URL")) env.put("PIN_PEPPER", "a-long-enough-pepper");
        Config.ConfigException e = assertThrows(Config.ConfigException.class, () -> Config.fromEnv(env));
        assertTrue(e.getMessage().startsWith(variable), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
    }

    @Test
    void anExternalDatabaseNeedsAPepperAndARealProviderNeedsTheCallbackToken() {
        assertTrue(assertThrows(Config.ConfigException.class, () -> Config.fromEnv(Map.of("DATABASE_URL", "postgresql://u:p@h:5432/db")))
                .getMessage().startsWith("PIN_PEPPER"));
        assertTrue(assertThrows(Config.ConfigException.class, () -> Config.fromEnv(Map.of("SMS_PROVIDER", "twilio")))
                .getMessage().startsWith("AT_CALLBACK_TOKEN"));
        assertTrue(assertThrows(Config.ConfigException.class, () -> Config.fromEnv(Map.of("SMS_PROVIDER", "twilio", "AT_CALLBACK_TOKEN", "t")))
                .getMessage().startsWith("TWILIO_ACCOUNT_SID"));
        assertEquals("twilio", Config.fromEnv(Map.of("SMS_PROVIDER", "twilio", "AT_CALLBACK_TOKEN", "t",
                "TWILIO_ACCOUNT_SID", "AC1", "TWILIO_AUTH_TOKEN", "x", "TWILIO_FROM", "+1555")).smsProvider());
    }

    @Test
    void defaultsFollowHttpMdAndSecretsStayOutOfToString() {
        Config c = Config.fromEnv(Map.of("PIN_PEPPER", "a-secret-pepper-value", "ADMIN_PASSWORD", "a-secret-admin-pw"));
        assertEquals(8080, c.port());
        assertEquals("*384*123#", c.ussdServiceCode());
        assertEquals(160, c.ussdMaxChars());
        assertEquals("HK", c.defaultRegion());
        assertEquals("log", c.smsProvider());
        assertEquals(3, c.pinMaxAttempts());
        assertEquals(1440, c.pinLockMinutes());
        assertEquals(24, c.maxTransferHours());
        assertEquals(8, c.dbPoolSize());
        assertEquals(Runtime.getRuntime().availableProcessors(), c.eventLoops());
        assertEquals("http://localhost:8080", c.publicBaseUrl());
        assertFalse(c.toString().contains("a-secret-pepper-value"));
        assertFalse(c.toString().contains("a-secret-admin-pw"));
    }
}
