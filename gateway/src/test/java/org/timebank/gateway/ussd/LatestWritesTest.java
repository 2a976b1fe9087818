package org.timebank.gateway.ussd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LatestWritesTest {
    private final AtomicLong now = new AtomicLong();
    private final LatestWrites<String> latest = new LatestWrites<>(3, Duration.ofSeconds(60), now::get);

    private void after(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void everyNewSessionIsKeptWhenFullAndTheOldestGoes() {
        // as USSD sessions: each key written once, read once; a full cache must still take the newest
        for (int i = 1; i <= 1000; i++) {
            latest.put("s" + i, "screen " + i);
            assertEquals("screen " + i, latest.get("s" + i), "the session saved a moment ago, " + i);
        }
        assertEquals(3, latest.size());
        assertEquals("screen 998", latest.get("s998"));
        assertNull(latest.get("s997"), "pushed out by newer writes");
    }

    @Test
    void aRewriteCountsAsTheNewestAndReplacesTheValue() {
        latest.put("a", "menu");
        latest.put("b", "menu");
        latest.put("c", "menu");
        latest.put("a", "send to which number");
        latest.put("d", "menu");
        assertNull(latest.get("b"), "the oldest write goes first");
        assertEquals("send to which number", latest.get("a"));
    }

    @Test
    void anEntryLastsItsLifetimeFromItsWrite() {
        latest.put("a", "menu");
        after(Duration.ofSeconds(59));
        assertEquals("menu", latest.get("a"), "a read does not renew it");
        after(Duration.ofSeconds(1));
        assertNull(latest.get("a"));
        assertEquals(0, latest.size(), "and it is dropped");
    }

    @Test
    void entriesPastTheirLifetimeGoAtTheNextWrite() {
        latest.put("a", "menu");
        latest.put("b", "menu");
        after(Duration.ofSeconds(61));
        latest.put("c", "menu");
        assertEquals(1, latest.size(), "a and b are not held until something pushes them out");
    }

    @Test
    void anInvalidatedEntryIsGone() {
        latest.put("a", "menu");
        latest.invalidate("a");
        assertNull(latest.get("a"));
        latest.invalidate("never written");
        assertEquals(0, latest.size());
    }
}
