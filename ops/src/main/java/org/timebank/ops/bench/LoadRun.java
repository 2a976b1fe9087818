package org.timebank.ops.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Drives units of work (a USSD session, a send) against the gateway and records every hop's
 * latency in HdrHistogram, plus one point per second for the latency-over-time chart.
 *
 * <ul>
 *   <li>{@link #closedLoop}: {@code concurrency} workers each start the next unit as soon as the last
 *       one finished: finds the maximum throughput.</li>
 *   <li>{@link #openLoop}: units start on a fixed schedule (a set arrival rate) whether or not earlier
 *       ones finished, and a unit's first hop is timed from when it <em>should</em> have started, so a
 *       stalled gateway shows as latency instead of hiding as fewer requests (coordinated omission).</li>
 * </ul>
 * Both are bounded in time and in units; they stop by themselves.
 */
final class LoadRun {
    /** One unit of work: completes with the number of hops, fails on an error. */
    interface Unit {
        /**
         * @param intendedStartNanos when the unit was scheduled to start ({@link System#nanoTime()}): the
         *                           first hop's latency is measured from it
         */
        Future<Integer> run(long sequence, long intendedStartNanos, Recorder latencies);
    }

    /** One half-second of a run: when it ended (seconds from the start), hops per second finished in it and their latencies. */
    record Point(double second, double hops, double p50Ms, double p99Ms) {}

    static final long SAMPLE_MS = 500;

    record Result(long units, long hops, long errors, double seconds, Histogram latencies, List<Point> timeline, String firstError) {
        double unitsPerSecond() {
            return units / seconds;
        }

        double hopsPerSecond() {
            return hops / seconds;
        }
    }

    /** Collects latencies, counts and the per-second timeline while a run goes. */
    private static final class Tally {
        final Recorder recorder = new Recorder(3);
        final Histogram total = new Histogram(3);
        final List<Point> timeline = new ArrayList<>();
        final AtomicLong units = new AtomicLong(), hops = new AtomicLong(), errors = new AtomicLong();
        volatile String firstError;
        final long start = System.nanoTime();
        long last = start;
        final long timer;

        Tally(Vertx vertx) {
            timer = vertx.setPeriodic(SAMPLE_MS, id -> sample());
        }

        synchronized void sample() {
            Histogram h = recorder.getIntervalHistogram();
            total.add(h);
            long now = System.nanoTime();
            double seconds = (now - last) / 1e9;
            last = now;
            if (h.getTotalCount() == 0 || seconds < 0.1) return; // the last sliver of a run: counted, not charted
            timeline.add(new Point(Bench.round((now - start) / 1e9), Bench.round(h.getTotalCount() / seconds),
                    Bench.ms(h.getValueAtPercentile(50)), Bench.ms(h.getValueAtPercentile(99))));
        }

        void done(io.vertx.core.AsyncResult<Integer> r) {
            if (r.succeeded()) {
                units.incrementAndGet();
                hops.addAndGet(r.result());
            } else {
                errors.incrementAndGet();
                if (firstError == null) firstError = String.valueOf(r.cause().getMessage());
            }
        }

        Result finish(Vertx vertx) {
            vertx.cancelTimer(timer);
            sample();
            return new Result(units.get(), hops.get(), errors.get(), (System.nanoTime() - start) / 1e9, total, timeline, firstError);
        }
    }

    static Future<Result> closedLoop(Vertx vertx, int concurrency, long millis, long maxUnits, Unit unit) {
        Tally t = new Tally(vertx);
        AtomicLong seq = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        vertx.setTimer(millis, id -> stop.set(true));
        Promise<Result> done = Promise.promise();
        AtomicLong running = new AtomicLong(concurrency);
        for (int w = 0; w < concurrency; w++) {
            vertx.runOnContext(v -> next(vertx, t, unit, seq, maxUnits, stop, running, done));
        }
        return done.future();
    }

    private static void next(Vertx vertx, Tally t, Unit unit, AtomicLong seq, long maxUnits, AtomicBoolean stop, AtomicLong running,
                             Promise<Result> done) {
        long n = seq.incrementAndGet();
        if (stop.get() || n > maxUnits) {
            if (running.decrementAndGet() == 0) done.complete(t.finish(vertx));
            return;
        }
        unit.run(n, System.nanoTime(), t.recorder).onComplete(r -> {
            t.done(r);
            next(vertx, t, unit, seq, maxUnits, stop, running, done);
        });
    }

    /**
     * Starts {@code perSecond} units a second for {@code millis}, each at its scheduled time (checked
     * every millisecond), then waits for the ones still running (at most 30 s).
     */
    static Future<Result> openLoop(Vertx vertx, double perSecond, long millis, long maxUnits, Unit unit) {
        Tally t = new Tally(vertx);
        long start = System.nanoTime();
        long total = Math.min(maxUnits, (long) (perSecond * millis / 1000.0));
        AtomicLong started = new AtomicLong(), finished = new AtomicLong();
        Promise<Result> done = Promise.promise();
        long[] timer = new long[1];
        timer[0] = vertx.setPeriodic(1, id -> {
            long now = System.nanoTime();
            long due = Math.min(total, (long) ((now - start) / 1e9 * perSecond) + 1);
            while (started.get() < due) {
                long n = started.incrementAndGet();
                long intended = start + (long) ((n - 1) * 1e9 / perSecond);
                unit.run(n, intended, t.recorder).onComplete(r -> {
                    t.done(r);
                    if (finished.incrementAndGet() == total) done.tryComplete(t.finish(vertx));
                });
            }
            if (started.get() >= total) vertx.cancelTimer(timer[0]);
        });
        vertx.setTimer(millis + 30_000, id -> {
            vertx.cancelTimer(timer[0]);
            t.errors.addAndGet(started.get() - finished.get());
            done.tryComplete(t.finish(vertx));
        });
        if (total == 0) done.tryComplete(t.finish(vertx));
        return done.future();
    }
}
