package org.timebank.ops.bench;

import io.vertx.core.json.JsonObject;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.timebank.ledger.PinHasher;

/**
 * What one PIN check costs on this machine with the stored scheme (HMAC-SHA256 with a per-PIN salt
 * and a secret pepper) and with a slow hash (PBKDF2-HMAC-SHA256, 10,000 iterations), and how long
 * trying all 10,000 four-digit PINs against a stolen hash would take with the slow one. The choice
 * and its reasons are in docs/SECURITY.md.
 */
final class PinHashCost {
    static JsonObject measure() throws Exception {
        PinHasher hmac = new PinHasher("bench-pepper-0123456789abcdef");
        String stored = hmac.hash(Seed.PIN);
        for (int i = 0; i < 20_000; i++) hmac.matches(Seed.PIN, stored); // warm up
        int n = 100_000;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) hmac.matches(Seed.PIN, stored);
        double hmacMicros = (System.nanoTime() - t0) / 1e3 / n;
        SecretKeyFactory f = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
        for (int i = 0; i < 10; i++) f.generateSecret(new PBEKeySpec(Seed.PIN.toCharArray(), new byte[16], 10_000, 256));
        int m = 100;
        t0 = System.nanoTime();
        for (int i = 0; i < m; i++) f.generateSecret(new PBEKeySpec(Seed.PIN.toCharArray(), new byte[16], 10_000, 256));
        double pbkdf2Millis = (System.nanoTime() - t0) / 1e6 / m;
        int cores = Runtime.getRuntime().availableProcessors();
        return new JsonObject().put("hmacSha256PepperMicros", Bench.round(hmacMicros))
                .put("pbkdf2Sha256x10000Millis", Bench.round(pbkdf2Millis))
                .put("pbkdf2ChecksPerSecondAllCores", Bench.round(cores * 1000 / pbkdf2Millis))
                .put("allPinsWithPbkdf2Seconds", Bench.round(pbkdf2Millis * 10_000 / 1000))
                .put("choice", "HMAC-SHA256 with a per-PIN salt and a secret pepper kept outside the database; "
                        + "the attempt lockout stops online guessing; see docs/SECURITY.md");
    }

    private PinHashCost() {}
}
