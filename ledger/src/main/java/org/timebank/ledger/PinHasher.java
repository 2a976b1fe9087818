package org.timebank.ledger;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Hashes 4-digit PINs as HMAC-SHA256 keyed with the {@code PIN_PEPPER} secret over a per-PIN random
 * salt. A PIN has only 10,000 values, so no hash cost can protect a stolen table on its own; the
 * pepper (never in the database) and the lockout do. The hash is cheap (microseconds) so PIN
 * checks never limit throughput. See docs/SECURITY.md for the threat model.
 *
 * <p>Stored form: {@code h1$<salt base64>$<mac base64>}.
 */
public final class PinHasher {
    private static final String VERSION = "h1";
    private static final SecureRandom RANDOM = new SecureRandom();
    private final SecretKeySpec key;

    public PinHasher(String pepper) {
        if (pepper == null || pepper.length() < 16) throw new IllegalArgumentException("pepper must have at least 16 characters");
        this.key = new SecretKeySpec(pepper.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    public String hash(String pin) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return VERSION + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(mac(salt, pin));
    }

    public boolean matches(String pin, String stored) {
        if (pin == null || stored == null) return false;
        String[] parts = stored.split("\\$");
        if (parts.length != 3 || !VERSION.equals(parts[0])) return false;
        Base64.Decoder d = Base64.getDecoder();
        byte[] expected = d.decode(parts[2]);
        return MessageDigest.isEqual(expected, mac(d.decode(parts[1]), pin));
    }

    private byte[] mac(byte[] salt, String pin) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(salt);
            return mac.doFinal(pin.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
