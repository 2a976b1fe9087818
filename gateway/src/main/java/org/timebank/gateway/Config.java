package org.timebank.gateway;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.timebank.ledger.Phones;

/**
 * The gateway's configuration, read once from environment variables (http.md) and validated:
 * a bad value stops the start with one line naming the variable. Secrets are kept out of
 * {@link #toString()}.
 */
public record Config(
        int port,
        String databaseUrl,
        Path dataDir,
        String ussdServiceCode,
        int ussdMaxChars,
        String defaultRegion,
        String pinPepper,
        String smsProvider,
        String atUsername,
        String atApiKey,
        String atSenderId,
        String atApiBase,
        String atCallbackToken,
        String twilioAccountSid,
        String twilioAuthToken,
        String twilioFrom,
        String twilioApiBase,
        String publicBaseUrl,
        int smsRatePerSecond,
        int ussdSessionTimeoutSeconds,
        int ussdResumeSeconds,
        int smsPendingTimeoutSeconds,
        int requestExpiryDays,
        int pinMaxAttempts,
        int pinLockMinutes,
        int maxTransferHours,
        int postExpiryDays,
        int dbPoolSize,
        int eventLoops,
        String adminPassword,
        boolean demo,
        String timeZone) {

    /** A configuration value that cannot be used; the message names the variable. */
    public static final class ConfigException extends RuntimeException {
        public ConfigException(String message) {
            super(message);
        }
    }

    private static final Set<String> PROVIDERS = Set.of("log", "africastalking", "twilio");

    public static Config fromEnv(Map<String, String> env) {
        Reader r = new Reader(env);
        int port = r.integer("PORT", 8080, 0, 65535);
        String provider = r.text("SMS_PROVIDER", "log");
        if (!PROVIDERS.contains(provider)) throw new ConfigException("SMS_PROVIDER must be log, africastalking or twilio, not '" + provider + "'");
        String databaseUrl = r.text("DATABASE_URL", null);
        if (databaseUrl != null) {
            try {
                org.timebank.ledger.pg.Database.external(databaseUrl);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("DATABASE_URL " + e.getMessage() + "; it must look like postgresql://user:pass@host:5432/db");
            }
        }
        String pepper = r.text("PIN_PEPPER", null);
        if (pepper != null && pepper.length() < 16) throw new ConfigException("PIN_PEPPER must have at least 16 characters");
        if (pepper == null && databaseUrl != null) {
            throw new ConfigException("PIN_PEPPER is required with DATABASE_URL (it must never be stored in the database)");
        }
        String region = r.text("DEFAULT_REGION", "HK");
        if (!Phones.isSupportedRegion(region)) throw new ConfigException("DEFAULT_REGION must be a two-letter region such as HK or KE, not '" + region + "'");
        String code = r.text("USSD_SERVICE_CODE", "*384*123#");
        if (!code.matches("\\*[0-9]+(\\*[0-9]+)*#")) throw new ConfigException("USSD_SERVICE_CODE must look like *384*123#");
        String atToken = r.text("AT_CALLBACK_TOKEN", null);
        if (atToken == null && !"log".equals(provider)) {
            throw new ConfigException("AT_CALLBACK_TOKEN is required unless SMS_PROVIDER=log (Africa's Talking callbacks carry it as ?token=)");
        }
        if ("africastalking".equals(provider)) r.require("AT_USERNAME", "AT_API_KEY");
        if ("twilio".equals(provider)) r.require("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM");

        String admin = r.text("ADMIN_PASSWORD", null);
        if (admin != null && admin.length() < 10) throw new ConfigException("ADMIN_PASSWORD must have at least 10 characters");
        Path dataDir = Path.of(r.text("DATA_DIR", "./data"));
        if (databaseUrl == null || pepper == null) requireWritable(dataDir);
        return new Config(
                port,
                databaseUrl,
                dataDir,
                code,
                r.integer("USSD_MAX_CHARS", 160, 40, 182),
                region,
                pepper,
                provider,
                r.text("AT_USERNAME", null),
                r.text("AT_API_KEY", null),
                r.text("AT_SENDER_ID", null),
                r.url("AT_API_BASE", "https://api.africastalking.com"),
                atToken,
                r.text("TWILIO_ACCOUNT_SID", null),
                r.text("TWILIO_AUTH_TOKEN", null),
                r.text("TWILIO_FROM", null),
                r.url("TWILIO_API_BASE", "https://api.twilio.com"),
                r.url("PUBLIC_BASE_URL", "http://localhost:" + port),
                r.integer("SMS_RATE_PER_SECOND", 10, 1, 100_000),
                r.integer("USSD_SESSION_TIMEOUT_SECONDS", 180, 10, 3600),
                r.integer("USSD_RESUME_SECONDS", 120, 0, 3600),
                r.integer("SMS_PENDING_TIMEOUT_SECONDS", 300, 30, 86_400),
                r.integer("REQUEST_EXPIRY_DAYS", 7, 1, 365),
                r.integer("PIN_MAX_ATTEMPTS", 3, 1, 10),
                r.integer("PIN_LOCK_MINUTES", 1440, 1, 525_600),
                r.integer("MAX_TRANSFER_HOURS", 24, 1, 10_000),
                r.integer("POST_EXPIRY_DAYS", 30, 1, 365),
                r.integer("DB_POOL_SIZE", 8, 2, 200),
                r.integer("EVENT_LOOPS", Runtime.getRuntime().availableProcessors(), 1, 256),
                admin,
                r.bool("DEMO", false),
                zone(r.text("TIME_ZONE", "UTC")));
    }

    private static String zone(String id) {
        try {
            return java.time.ZoneId.of(id).getId();
        } catch (java.time.DateTimeException e) {
            throw new ConfigException("TIME_ZONE must be a zone such as Asia/Hong_Kong or Africa/Nairobi, not '" + id + "'");
        }
    }

    /** DATA_DIR must exist (or be creatable) and be writable: it holds the embedded database and generated secrets. */
    private static void requireWritable(Path dir) {
        try {
            java.nio.file.Files.createDirectories(dir);
        } catch (java.io.IOException | RuntimeException e) {
            throw new ConfigException("DATA_DIR " + dir + " cannot be created: " + e.getMessage());
        }
        if (!java.nio.file.Files.isWritable(dir)) throw new ConfigException("DATA_DIR " + dir + " is not writable");
    }

    /** The same configuration with the pepper filled in (generated in embedded mode). */
    public Config withPinPepper(String pepper) {
        return new Config(port, databaseUrl, dataDir, ussdServiceCode, ussdMaxChars, defaultRegion, pepper, smsProvider,
                atUsername, atApiKey, atSenderId, atApiBase, atCallbackToken, twilioAccountSid, twilioAuthToken, twilioFrom,
                twilioApiBase, publicBaseUrl, smsRatePerSecond, ussdSessionTimeoutSeconds, ussdResumeSeconds,
                smsPendingTimeoutSeconds, requestExpiryDays, pinMaxAttempts, pinLockMinutes, maxTransferHours, postExpiryDays,
                dbPoolSize, eventLoops, adminPassword, demo, timeZone);
    }

    @Override
    public String toString() {
        return "Config[port=" + port + ", database=" + (databaseUrl == null ? "embedded in " + dataDir : "external")
                + ", smsProvider=" + smsProvider + ", region=" + defaultRegion + ", serviceCode=" + ussdServiceCode
                + ", demo=" + demo + "]";
    }

    /** Reads and checks single variables. */
    private record Reader(Map<String, String> env) {
        String text(String name, String fallback) {
            String v = env.get(name);
            return v == null || v.isBlank() ? fallback : v.trim();
        }

        int integer(String name, int fallback, int min, int max) {
            String v = text(name, null);
            if (v == null) return fallback;
            try {
                int n = Integer.parseInt(v);
                if (n < min || n > max) throw new ConfigException(name + " must be between " + min + " and " + max + ", not " + v);
                return n;
            } catch (NumberFormatException e) {
                throw new ConfigException(name + " must be a whole number, not '" + v + "'");
            }
        }

        boolean bool(String name, boolean fallback) {
            String v = text(name, null);
            if (v == null) return fallback;
            return switch (v.toLowerCase(java.util.Locale.ROOT)) {
                case "true", "1", "yes" -> true;
                case "false", "0", "no" -> false;
                default -> throw new ConfigException(name + " must be true or false, not '" + v + "'");
            };
        }

        String url(String name, String fallback) {
            String v = text(name, fallback);
            if (!v.matches("https?://[^\\s]+")) throw new ConfigException(name + " must be an http:// or https:// URL");
            return v.replaceAll("/+$", "");
        }

        void require(String... names) {
            for (String n : names) if (text(n, null) == null) throw new ConfigException(n + " is required for this SMS_PROVIDER");
        }
    }
}
