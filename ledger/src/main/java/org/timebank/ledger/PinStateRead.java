package org.timebank.ledger;

/**
 * A member's PIN state being read ahead of the PIN check that needs it (started beside the read of
 * the member's row, not after it), to hand to {@link MemberLedger#checkPin(long, String, PinStateRead)}
 * within the same hop. Opaque outside the ledger: what a PIN check reads of a member never leaves it.
 */
public interface PinStateRead {
    /** The member it is read for. */
    long memberId();
}
