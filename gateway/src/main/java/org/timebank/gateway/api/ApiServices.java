package org.timebank.gateway.api;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.timebank.gateway.staff.StaffStore;
import org.timebank.ledger.Phones;
import org.timebank.ledger.pg.PgLedger;
import org.timebank.menus.MemberNotices;

/** What the API's routes use, wired once by the gateway. */
public record ApiServices(PgLedger ledger, StaffStore staff, MemberNotices notices, Phones phones,
                          org.timebank.ledger.pg.PgBroadcasts broadcasts, Cache<String, AtomicInteger> failedLogins) {
    /** Failed sign-ins per username within this window count towards the login limit. */
    public static final Duration LOGIN_WINDOW = Duration.ofMinutes(15);
    public static final int LOGIN_MAX_FAILURES = 5;

    public ApiServices(PgLedger ledger, StaffStore staff, MemberNotices notices, Phones phones, String timeZone) {
        this(ledger, staff, notices, phones, new org.timebank.ledger.pg.PgBroadcasts(ledger.pool(), timeZone), Caffeine.newBuilder().expireAfterWrite(LOGIN_WINDOW).maximumSize(100_000).build());
    }
}
