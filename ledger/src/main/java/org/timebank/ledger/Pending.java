package org.timebank.ledger;

import java.time.Instant;

/**
 * A transfer or donation started by SMS, waiting for the member's PIN. {@code kind} is
 * {@code send} (to {@code toMemberId}) or {@code donation} (to {@code fundCode}).
 */
public record Pending(long id, long memberId, String kind, Long toMemberId, String toName, String toPhone, String fundCode,
                      String fundName, long amountMinutes, String note, String status, Instant expiresAt) {
    public boolean expired() {
        return expiresAt.isBefore(Instant.now());
    }
}
