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
                            if (n >= STALL_BACKENDS && !"CPU".equals(event) && stalls.size() < 20) {
                                stalls.add(new JsonObject().put("atSeconds", Bench.round((System.nanoTime() - started) / 1e9))
                                        .put("event", event).put("backends", n));
                            }
                        }
                    }
                });
    }

    /** Stops sampling; answers the top events (share of busy backend samples) and the stalls seen. */
    synchronized JsonObject stop() {
        vertx.cancelTimer(timer);
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        JsonArray top = new JsonArray();
        counts.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(6)
                .forEach(e -> top.add(new JsonObject().put("event", e.getKey()).put("share", total == 0 ? 0 : Bench.round((double) e.getValue() / total))));
        return new JsonObject().put("samples", samples).put("everyMs", EVERY_MS).put("top", top).put("stalls", new JsonArray(new ArrayList<>(stalls)));
    }
}
