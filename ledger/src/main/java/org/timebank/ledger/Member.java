package org.timebank.ledger;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A member as staff and menus see one. {@code status} is {@code pin_required}, {@code active},
 * {@code locked} (a PIN lock is running), {@code suspended} or {@code erased}; an erased member has
 * no phone and no name. {@code pinLockedUntil} is set while a PIN lock runs; {@code interests} are the
 * categories of the member's posts; the rating is what other members gave them (count 0: none);
 * {@code waitingRequests} counts the requests for hours waiting for this member's answer.
 */
public record Member(long id, String phone, String name, String org, String orgName, String district,
                     String language, String status, long balanceMinutes, boolean optedOut, Instant createdAt,
                     Instant pinLockedUntil, List<String> interests, Double ratingAverage, long ratingCount,
                     long waitingRequests) {
    public static final Set<String> LANGUAGES = Set.of("en", "zh", "sw");

    /** What other members see of a name: the first word. */
    public String firstName() {
        if (name == null) return "";
        String t = name.trim();
        int sp = t.indexOf(' ');
        return sp < 0 ? t : t.substring(0, sp);
    }
}
