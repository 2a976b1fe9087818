package org.timebank.ledger;

/**
 * A member's waiting SMS item and PIN state as the ledger read them ahead of the PIN reply that
 * confirms it (e.g. in the statement that recorded the reply), to hand back to
 * {@link MemberLedger#currentPendingCheckingPin(long, String, PendingRead)}. Opaque outside the
 * ledger: what a PIN check reads of a member never leaves it.
 */
public interface PendingRead {
    /** The member it was read for. */
    long memberId();
}
