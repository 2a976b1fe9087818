package org.timebank.gateway.ussd;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The entries written last, at most {@code maxEntries}, each for at most {@code lifetime} after its
 * write: a new write always gets in and, when full, pushes out the oldest write.
 *
 * <p>This is what a USSD session's next hop needs: the session saved a moment ago must be found.
 * A frequency-based cache (Caffeine's TinyLFU admission) is the wrong policy here: every session is
 * a new key, written once and read once, so once such a cache is full it turns most new sessions
 * away in favour of older ones that will never be asked for again (the benchmark found half the
 * next hops read from the database for that reason).
 */
public final class LatestWrites<V> {
    private record Entry<V>(V value, long writtenNanos) {}

    private final int maxEntries;
    private final long lifetimeNanos;
    private final LongSupplier clock;
    /** In write order, oldest first: a write moves its key to the end. */
    private final LinkedHashMap<String, Entry<V>> entries = new LinkedHashMap<>();

    public LatestWrites(int maxEntries, Duration lifetime) {
        this(maxEntries, lifetime, System::nanoTime);
    }

    LatestWrites(int maxEntries, Duration lifetime, LongSupplier nanoClock) {
        if (maxEntries < 1) throw new IllegalArgumentException("maxEntries must be at least 1");
        this.maxEntries = maxEntries;
        this.lifetimeNanos = lifetime.toNanos();
        this.clock = nanoClock;
    }

    /** The value last written for {@code key}, or null when none was, or it was pushed out, or its lifetime passed. */
    public synchronized V get(String key) {
        Entry<V> e = entries.get(key);
        if (e == null) return null;
        if (clock.getAsLong() - e.writtenNanos() >= lifetimeNanos) {
            entries.remove(key);
            return null;
        }
        return e.value();
    }

    public synchronized void put(String key, V value) {
        long now = clock.getAsLong();
        entries.remove(key); // to the end: the newest write
        entries.put(key, new Entry<>(value, now));
        // drop what its lifetime passed (oldest first, so only from the front) and what is beyond the bound
        Iterator<Map.Entry<String, Entry<V>>> oldest = entries.entrySet().iterator();
        while (oldest.hasNext()) {
            Entry<V> e = oldest.next().getValue();
            if (entries.size() <= maxEntries && now - e.writtenNanos() < lifetimeNanos) break;
            oldest.remove();
        }
    }

    public synchronized void invalidate(String key) {
        entries.remove(key);
    }

    public synchronized int size() {
        return entries.size();
    }
}
