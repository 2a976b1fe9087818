package org.timebank.ledger;

import java.util.Optional;

/**
 * A member's SMS item waiting for the PIN, if any, and the PIN sent to confirm it checked: checked
 * only when an item waits and has not expired ({@code pinCheck} null otherwise), so a PIN sent with
 * nothing to confirm is neither counted as wrong nor answered as right.
 */
public record PendingPinCheck(Optional<Pending> pending, PinCheck pinCheck) {}
