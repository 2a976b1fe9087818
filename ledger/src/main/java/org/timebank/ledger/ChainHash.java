package org.timebank.ledger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The tamper-evidence hash of one transfer (ledger rule 7): SHA-256 over the transfer's stored
 * fields, each written as {@code name=length:value;} so no two field sets share a text, followed
 * by the previous transfer's hash. Pure.
 */
public final class ChainHash {
    private ChainHash() {}

    /** The hash before the first transfer. */
    public static final String GENESIS = "0".repeat(64);

    /** The stored fields of a transfer, as the hash reads them. */
    public record Fields(long id, String reference, String idempotencyKey, String requestHash, String kind,
                         long fromAccount, long toAccount, long amountMinutes, String memo, String category,
                         Long reverses, String actor, long createdAtMicros) {}

    public static String of(Fields f, String prevHash) {
        StringBuilder s = new StringBuilder(256);
        field(s, "id", Long.toString(f.id()));
        field(s, "reference", f.reference());
        field(s, "key", f.idempotencyKey());
        field(s, "request", f.requestHash());
        field(s, "kind", f.kind());
        field(s, "from", Long.toString(f.fromAccount()));
        field(s, "to", Long.toString(f.toAccount()));
        field(s, "amount", Long.toString(f.amountMinutes()));
        field(s, "memo", f.memo());
        field(s, "category", f.category());
        field(s, "reverses", f.reverses() == null ? null : f.reverses().toString());
        field(s, "actor", f.actor());
        field(s, "created", Long.toString(f.createdAtMicros()));
        field(s, "prev", prevHash);
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void field(StringBuilder s, String name, String value) {
        s.append(name).append('=');
        if (value == null) s.append('-');
        else s.append(value.length()).append(':').append(value);
        s.append(';');
    }
}
