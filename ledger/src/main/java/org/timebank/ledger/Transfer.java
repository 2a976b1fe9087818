package org.timebank.ledger;

import java.time.Instant;

/** A committed transfer. Never changed after it is written (ledger rule 6). */
public record Transfer(
        long id,
        String reference,
        TransferKind kind,
        Party from,
        Party to,
        String fromOrg,
        String toOrg,
        long amountMinutes,
        String memo,
        String category,
        Instant createdAt,
        String reverses) {}
