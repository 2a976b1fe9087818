package org.timebank.menus;

import java.util.Optional;
import org.timebank.ledger.Minutes;

/**
 * What members type, read the same way on USSD and SMS: names, short notes and hours. Pure; never
 * throws on what a member typed: an unreadable value says why, as the key of the text to show.
 */
public final class MemberInput {
    private MemberInput() {}

    /** A name of 2 to 40 characters, spaces folded. */
    public static Optional<String> name(String typed) {
        if (typed == null) return Optional.empty();
        String n = typed.trim().replaceAll("\\s+", " ");
        if (n.length() < 2 || n.length() > 40 || n.chars().allMatch(ch -> Character.isDigit(ch) || ch == ' ')) return Optional.empty();
        return Optional.of(n);
    }

    /** A free-text note of at most 60 characters. */
    public static Optional<String> note(String typed) {
        if (typed == null) return Optional.empty();
        String n = typed.trim().replaceAll("\\s+", " ");
        if (n.isEmpty() || n.length() > 60) return Optional.empty();
        return Optional.of(n);
    }

    /** Hours as whole minutes, or the key of the text that says what is wrong. */
    public record Hours(long minutes, String problem) {}

    /** Reads {@code 2}, {@code 1.5}, {@code 0,5} or {@code 90m}; positive whole minutes only. */
    public static Hours hours(String typed) {
        String t = typed == null ? "" : typed.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.matches("[0-9]{1,6}m")) {
            long m = Long.parseLong(t.substring(0, t.length() - 1));
            return m > 0 ? new Hours(m, null) : new Hours(0, "ussd.amount.not_positive");
        }
        Minutes.Parsed p = Minutes.fromHours(t);
        if (p.ok()) return new Hours(p.minutes(), null);
        if (p.problem() == Minutes.Problem.TOO_LARGE) return new Hours(Long.MAX_VALUE, null); // the caller says "at most …"
        return new Hours(0, switch (p.problem()) {
            case NOT_POSITIVE -> "ussd.amount.not_positive";
            case NOT_WHOLE_MINUTES -> "ussd.amount.minutes";
            case TOO_LARGE -> null;
            default -> "ussd.amount.invalid";
        });
    }
}
