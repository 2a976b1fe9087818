package org.timebank.ledger;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Amounts are whole minutes in a {@code long} (ledger rule 1). This reads an amount given in hours
 * (a JSON number or a decimal string such as {@code "1.5"}) without floating point, and says why
 * when it cannot.
 */
public final class Minutes {
    private Minutes() {}

    /** Why an hours value was refused. */
    public enum Problem { MISSING, NOT_A_NUMBER, NOT_POSITIVE, NOT_WHOLE_MINUTES, TOO_LARGE }

    /** Either minutes or a problem. */
    public record Parsed(long minutes, Problem problem) {
        public boolean ok() {
            return problem == null;
        }
    }

    /** The largest amount the ledger accepts in one transfer: 100,000 hours. */
    public static final long MAX_MINUTES = 100_000L * 60;

    /** Reads hours given as a {@link Number} or a decimal {@link String}. */
    public static Parsed fromHours(Object hours) {
        if (hours == null) return new Parsed(0, Problem.MISSING);
        BigDecimal h;
        try {
            if (hours instanceof BigDecimal b) h = b;
            else if (hours instanceof Integer || hours instanceof Long) h = BigDecimal.valueOf(((Number) hours).longValue());
            else if (hours instanceof Number n) h = new BigDecimal(n.toString());
            else if (hours instanceof String s && s.trim().matches("[+-]?(\\d+([.,]\\d*)?|[.,]\\d+)")) {
                h = new BigDecimal(s.trim().replace(',', '.'));
            } else return new Parsed(0, Problem.NOT_A_NUMBER);
        } catch (NumberFormatException e) {
            return new Parsed(0, Problem.NOT_A_NUMBER);
        }
        if (h.signum() <= 0) return new Parsed(0, Problem.NOT_POSITIVE);
        BigDecimal m = h.multiply(BigDecimal.valueOf(60));
        if (m.compareTo(BigDecimal.valueOf(MAX_MINUTES)) > 0) return new Parsed(0, Problem.TOO_LARGE);
        if (m.stripTrailingZeros().scale() > 0) return new Parsed(0, Problem.NOT_WHOLE_MINUTES);
        return new Parsed(m.setScale(0, RoundingMode.UNNECESSARY).longValueExact(), null);
    }

    /** Hours as a plain decimal string for settings and APIs ({@code 90 -> "1.5"}), or null. */
    public static BigDecimal toHours(Long minutes) {
        if (minutes == null) return null;
        BigDecimal h = BigDecimal.valueOf(minutes).divide(BigDecimal.valueOf(60), 6, RoundingMode.HALF_EVEN).stripTrailingZeros();
        return h.scale() < 0 ? h.setScale(0) : h; // 10, never 1E+1
    }
}
