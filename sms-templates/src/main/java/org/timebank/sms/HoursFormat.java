package org.timebank.sms;

/**
 * Writes an amount of time, held as whole minutes, the way members read it in an SMS. When the
 * minutes are an exact hundredth of an hour it is written as hours with a short decimal
 * ({@code 90 -> "1.5h"}, {@code 15 -> "0.25h"}, {@code 60 -> "1h"}); otherwise as hours and
 * minutes ({@code 80 -> "1h20m"}, {@code 20 -> "20m"}). Negative amounts get a leading minus.
 * Only long arithmetic is used, so no rounding can creep in.
 */
public final class HoursFormat {

    private HoursFormat() {
    }

    /** The minutes as "1.5h"-style decimal hours when exact to 0.01h, else "1h20m"-style. */
    public static String format(long minutes) {
        String sign = minutes < 0 ? "-" : "";
        long hours = Math.abs(minutes / 60);
        long rest = Math.abs(minutes % 60);
        // rest * 100 % 60 == 0  <=>  rest % 3 == 0 (rest < 60, so no overflow either way)
        if (rest % 3 == 0) {
            long hundredths = rest * 100 / 60;
            return sign + hours + decimals(hundredths) + "h";
        }
        return sign + (hours == 0 ? "" : hours + "h") + rest + "m";
    }

    private static String decimals(long hundredths) {
        if (hundredths == 0) {
            return "";
        }
        if (hundredths % 10 == 0) {
            return "." + hundredths / 10;
        }
        return hundredths < 10 ? ".0" + hundredths : "." + hundredths;
    }
}
