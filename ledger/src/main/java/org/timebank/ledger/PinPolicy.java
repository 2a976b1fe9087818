package org.timebank.ledger;

import java.util.Optional;
import java.util.Set;

/**
 * Which PINs a member may choose. Pure: returns the reason a PIN is refused, or empty.
 * Refused: anything but 4 digits, one digit repeated (1111), a run up or down (1234, 4321, 7890),
 * two digits alternating (1212), a few keypad patterns (2580), and the last 4 digits of the
 * member's own phone.
 */
public final class PinPolicy {
    private PinPolicy() {}

    public enum Weakness { NOT_FOUR_DIGITS, REPEATED, SEQUENCE, PATTERN, OWN_PHONE }

    private static final Set<String> PATTERNS = Set.of("2580", "0852", "1470", "0741", "3690", "0963", "1379", "1397");

    public static boolean isFourDigits(String pin) {
        return pin != null && pin.matches("[0-9]{4}");
    }

    public static Optional<Weakness> weakness(String pin, String ownPhoneE164) {
        if (!isFourDigits(pin)) return Optional.of(Weakness.NOT_FOUR_DIGITS);
        char a = pin.charAt(0), b = pin.charAt(1), c = pin.charAt(2), d = pin.charAt(3);
        if (a == b && b == c && c == d) return Optional.of(Weakness.REPEATED);
        if (isRun(pin, 1) || isRun(pin, -1)) return Optional.of(Weakness.SEQUENCE);
        if (a == c && b == d) return Optional.of(Weakness.PATTERN);
        if (PATTERNS.contains(pin)) return Optional.of(Weakness.PATTERN);
        if (ownPhoneE164 != null && ownPhoneE164.endsWith(pin)) return Optional.of(Weakness.OWN_PHONE);
        return Optional.empty();
    }

    /** Each digit is the previous plus step, modulo 10 (so 7890 and 9012 count). */
    private static boolean isRun(String pin, int step) {
        for (int i = 1; i < 4; i++) {
            int prev = pin.charAt(i - 1) - '0', cur = pin.charAt(i) - '0';
            if (Math.floorMod(prev + step, 10) != cur) return false;
        }
        return true;
    }
}
