package org.timebank.ledger;

/**
 * The answer to a PIN: {@code OK}; {@code WRONG} with the tries left before the lock; {@code LOCKED}
 * (this attempt locked it, or it was locked already); {@code NO_PIN} (the member must choose one
 * first); {@code SUSPENDED}; {@code UNKNOWN_MEMBER}.
 */
public record PinCheck(Outcome outcome, int triesLeft) {
    public enum Outcome { OK, WRONG, LOCKED, NO_PIN, SUSPENDED, UNKNOWN_MEMBER }

    public boolean ok() {
        return outcome == Outcome.OK;
    }
}
