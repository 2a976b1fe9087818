package org.timebank.ledger;

/**
 * An SMS to write to the outbox in the same transaction as the change that causes it (ledger
 * rule 11). {@code dedupeKey} names the reason, so the same reason never yields two messages.
 */
public record OutboundSms(String toPhone, Long memberId, String body, Purpose purpose, String dedupeKey) {
    public enum Purpose {
        REPLY, RECEIPT, NOTICE, ALERT, BROADCAST;

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** Replies and receipts go before bulk messages. */
        public int priority() {
            return this == BROADCAST || this == ALERT ? 1 : 0;
        }
    }
}
