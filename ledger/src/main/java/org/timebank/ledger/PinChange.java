package org.timebank.ledger;

/** Outcome of choosing or changing a PIN; {@code check} is set when an old PIN was checked. */
public record PinChange(Outcome outcome, PinPolicy.Weakness weakness, PinCheck check) {
    public enum Outcome { CHANGED, WEAK, SAME_AS_OLD, OLD_PIN_REFUSED, NOT_ALLOWED }
}
