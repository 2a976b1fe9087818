package org.timebank.ops.bench;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What PostgreSQL's client backends are waiting on while a scenario runs, sampled from
 * {@code pg_stat_activity} every {@link #EVERY_MS} ms: the share of busy backend samples per wait
 * event ({@code CPU} when a backend is running), and the moments when many backends waited on the
 * same event at once (where a latency spike would come from, if it comes from the database).
 */
final class WaitSampler {
    static final long EVERY_MS = 20;
    /** Backends waiting on one event at once from which a sample is kept as a stall. */
    static final int STALL_BACKENDS = 6;
    private final Vertx vertx;
    private final Pool pool;
    private final Map<String, Long> counts = new HashMap<>();
    private final List<JsonObject> stalls = new ArrayList<>();
    private final long started = System.nanoTime();
    private long samples;
    private long timer;
    private boolean busy;

    private WaitSampler(Vertx vertx, Pool pool) {
        this.vertx = vertx;
        this.pool = pool;
    }

    static WaitSampler start(Vertx vertx, Pool pool) {
        WaitSampler s = new WaitSampler(vertx, pool);
        s.timer = vertx.setPeriodic(EVERY_MS, id -> s.sample());
        return s;
    }

    private void sample() {
        if (busy) return; // the last sample has not come back: skip, never pile up
        busy = true;
        pool.query("""
                        SELECT coalesce(wait_event_type || ':' || wait_event, 'CPU') AS event, count(*) AS backends
                        FROM pg_stat_activity
                        WHERE backend_type = 'client backend' AND state <> 'idle' AND pid <> pg_backend_pid()
                        GROUP BY 1""").execute()
                .onComplete(r -> {
                    busy = false;
                    if (r.failed()) return;
                    synchronized (this) {
                        samples++;
                        for (Row row : r.result()) {
                            String event = row.getString("event");
                            long n = row.getLong("backends");
                            counts.merge(event, n, Long::sum);
                            // waiting for the gateway's next statement is the gateway being busy, not a stall
                            if (n >= STALL_BACKENDS && !"CPU".equals(event) && !"Client:ClientRead".equals(event)) {
                                stalls.add(new JsonObject().put("atSeconds", Bench.round((System.nanoTime() - started) / 1e9))
                                        .put("event", event).put("backends", n));
                                if (stalls.size() > 1_000) keepLargestStalls();
                            }
                        }
                    }
                });
    }

    /** Seconds since sampling started (to place the open loop among the stalls). */
    double secondsSinceStart() {
        return Bench.round((System.nanoTime() - started) / 1e9);
    }

    /** The stalls kept in the report: the ones with most backends waiting, in time order. */
    static final int STALLS_KEPT = 12;

    private void keepLargestStalls() {
        List<JsonObject> largest = stalls.stream().sorted((a, b) -> Long.compare(b.getLong("backends"), a.getLong("backends")))
                .limit(STALLS_KEPT).sorted((a, b) -> Double.compare(a.getDouble("atSeconds"), b.getDouble("atSeconds"))).toList();
        stalls.clear();
        stalls.addAll(largest);
    }

    /**
     * Stops sampling; answers the top events (share of busy backend samples) and the largest stalls
     * seen (seconds from the start of the closed loop; the open loop follows it).
     */
    synchronized JsonObject stop() {
        vertx.cancelTimer(timer);
        keepLargestStalls();
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        JsonArray top = new JsonArray();
        counts.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(6)
                .forEach(e -> top.add(new JsonObject().put("event", e.getKey()).put("share", total == 0 ? 0 : Bench.round((double) e.getValue() / total))));
        return new JsonObject().put("samples", samples).put("everyMs", EVERY_MS).put("top", top).put("stalls", new JsonArray(new ArrayList<>(stalls)));
    }
}
