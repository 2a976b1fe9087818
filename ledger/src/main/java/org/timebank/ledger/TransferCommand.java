package org.timebank.ledger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A request to move hours. The caller chooses the idempotency key (ledger rule 5): USSD
 * confirmations key on the session and step, SMS ones on the pending transfer, staff calls on the
 * key they send. {@code actor} records who asked ({@code member:12}, {@code staff:alice}).
 */
public record TransferCommand(
        TransferKind kind,
        AccountRef from,
        AccountRef to,
        long amountMinutes,
        String memo,
        String category,
        String idempotencyKey,
        String actor) {

    /** SHA-256 of what the transfer does, so a key reused for another transfer is refused. */
    public String requestHash() {
        String canonical = String.join("\u001f", kind.code(), from.canonical(), to.canonical(),
                Long.toString(amountMinutes), memo == null ? "\u0000" : memo, category == null ? "\u0000" : category);
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
