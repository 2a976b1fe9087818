package org.timebank.ops.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * {@code --trace}: what happened during an open loop at half, on one clock: every hop's start and
 * latency, the JVM's collections (from its notifications) and PostgreSQL's busy backends (sampled
 * from {@code pg_stat_activity} every {@link #WAITS_EVERY_MS} ms). Written as tab-separated files
 * beside the report, and summed up by {@link SlowHops} in the scenario's {@code trace}: the p99 of
 * a short run is decided by a few moments, and this says what each of them had in it. The sampling
 * costs a little of the machine (about a hundred small queries a second): compare traced runs with
 * traced runs.
 */
final class OpenLoopTrace {
    static final long WAITS_EVERY_MS = 10;
    private static final int MAX_HOPS = 1 << 19;
    private final long startNanos = System.nanoTime();
    private final long startWallMillis = System.currentTimeMillis();
    private final long[] hopStart = new long[MAX_HOPS], hopEnd = new long[MAX_HOPS];
    private final byte[] hopKind = new byte[MAX_HOPS];
    private final AtomicInteger hops = new AtomicInteger();
    private final List<SlowHops.Pause> pauses = new ArrayList<>();
    private final List<SlowHops.Busy> busy = new ArrayList<>();
    private final List<Runnable> unregister = new ArrayList<>();
    private final Vertx vertx;
    private final Pool pool;
    private final long timer;
    private final SchedTrace sched;
    private boolean sampling;

    private OpenLoopTrace(Vertx vertx, Pool pool) {
        this.vertx = vertx;
        this.pool = pool;
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        NotificationListener onGc = (n, handback) -> {
            if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) return;
            var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
            double at = jvmStart + info.getGcInfo().getStartTime() - startWallMillis;
            synchronized (pauses) {
                pauses.add(new SlowHops.Pause(at, info.getGcInfo().getDuration(), info.getGcName() + " (" + info.getGcCause() + ")"));
            }
        };
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(onGc, null, null);
                unregister.add(() -> {
                    try {
                        emitter.removeNotificationListener(onGc);
                    } catch (Exception ignored) {
                        // already gone
                    }
                });
            }
        }
        timer = vertx.setPeriodic(WAITS_EVERY_MS, id -> sampleBackends());
        sched = new SchedTrace(startNanos);
    }

    static OpenLoopTrace start(Vertx vertx, Pool pool) {
        return new OpenLoopTrace(vertx, pool);
    }

    /** One hop: when it was due or sent and when its answer came ({@link System#nanoTime()}), and which hop of its unit it was. */
    void hop(long startNanos, long endNanos, int kind) {
        int i = hops.getAndIncrement();
        if (i >= MAX_HOPS) return;
        hopStart[i] = startNanos;
        hopEnd[i] = endNanos;
        hopKind[i] = (byte) kind;
    }

    private double ms(long nanos) {
        return (nanos - startNanos) / 1e6;
    }

    private void sampleBackends() {
        if (sampling) return; // the last sample has not come back: skip, never pile up
        sampling = true;
        long asked = System.nanoTime();
        pool.query("""
                        SELECT backend_type,
                               CASE WHEN state = 'idle in transaction' THEN 'idle in transaction'
                                    ELSE coalesce(wait_event_type || ':' || wait_event, 'CPU') END AS event,
                               count(*) AS backends
                        FROM pg_stat_activity
                        WHERE state IS DISTINCT FROM 'idle' AND pid <> pg_backend_pid()
                          AND (state = 'idle in transaction' OR wait_event IS DISTINCT FROM 'ClientRead')
                          AND backend_type NOT IN ('autovacuum launcher', 'logical replication launcher', 'archiver')
                          AND (backend_type = 'client backend' OR wait_event_type IS DISTINCT FROM 'Activity')
                        GROUP BY 1, 2""").execute()
                .onComplete(r -> {
                    sampling = false;
                    if (r.failed()) return;
                    double at = ms(asked);
                    synchronized (busy) {
                        for (Row row : r.result()) busy.add(new SlowHops.Busy(at, row.getString("backend_type"), row.getString("event"), row.getLong("backends").intValue()));
                    }
                });
    }

    /** Stops recording and keeps nothing. */
    void discard() {
        vertx.cancelTimer(timer);
        sched.stop();
        unregister.forEach(Runnable::run);
    }

    /**
     * Stops recording; writes {@code trace-NAME-hops.tsv}, {@code -gc.tsv}, {@code -backends.tsv} and
     * {@code -cpu.tsv} into {@code dir} and answers the summary.
     */
    SlowHops.Summary finish(Path dir, String name) throws Exception {
        vertx.cancelTimer(timer);
        List<SchedTrace.Sample> cpu = sched.stop();
        unregister.forEach(Runnable::run);
        int n = Math.min(hops.get(), MAX_HOPS);
        List<SlowHops.Hop> list = new ArrayList<>(n);
        StringBuilder b = new StringBuilder("start_ms\tlatency_ms\thop\n");
        for (int i = 0; i < n; i++) {
            SlowHops.Hop h = new SlowHops.Hop(ms(hopStart[i]), (hopEnd[i] - hopStart[i]) / 1e6, hopKind[i]);
            list.add(h);
            b.append(String.format("%.3f\t%.3f\t%d%n", h.startMs(), h.latencyMs(), h.kind()));
        }
        Files.writeString(dir.resolve("trace-" + name + "-hops.tsv"), b);
        List<SlowHops.Pause> p;
        synchronized (pauses) {
            p = List.copyOf(pauses);
        }
        b = new StringBuilder("start_ms\tduration_ms\tcollection\n");
        for (SlowHops.Pause x : p) b.append(String.format("%.0f\t%d\t%s%n", x.startMs(), x.durationMs(), x.what()));
        Files.writeString(dir.resolve("trace-" + name + "-gc.tsv"), b);
        List<SlowHops.Busy> w;
        synchronized (busy) {
            w = List.copyOf(busy);
        }
        b = new StringBuilder("at_ms\tbackend_type\tevent\tbackends\n");
        for (SlowHops.Busy x : w) b.append(String.format("%.1f\t%s\t%s\t%d%n", x.atMs(), x.backendType(), x.event(), x.backends()));
        Files.writeString(dir.resolve("trace-" + name + "-backends.tsv"), b);
        b = new StringBuilder("at_ms\tlate_ms\tkind\tcpu_ms\twaited_for_a_core_ms\n");
        for (SchedTrace.Sample x : cpu) {
            for (var k : new java.util.TreeMap<>(x.byKind()).entrySet()) {
                b.append(String.format("%.1f\t%.1f\t%s\t%.2f\t%.2f%n", x.atMs(), x.lateMs(), k.getKey(), k.getValue()[0], k.getValue()[1]));
            }
        }
        Files.writeString(dir.resolve("trace-" + name + "-cpu.tsv"), b);
        return SlowHops.summarize(list, p, w, cpu);
    }
}
