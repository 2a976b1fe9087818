package org.timebank.ops.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.HdrHistogram.Recorder;

/**
 * A closed loop: {@code concurrency} workers each start the next unit of work as soon as the last
 * one finished, for a fixed time. Each unit reports its hops' latencies; the run counts units,
 * hops and errors. Bounded in time and count; it stops by itself.
 */
final class LoadRun {
    /** One unit of work (a session, a send): completes with the number of hops, fails on an error. */
    interface Unit {
        Future<Integer> run(int worker, long sequence, Recorder latencies);
    }

    record Result(long units, long hops, long errors, double seconds, org.HdrHistogram.Histogram latencies) {
        double unitsPerSecond() {
            return units / seconds;
        }

        double hopsPerSecond() {
            return hops / seconds;
        }
    }

    static Future<Result> closedLoop(Vertx vertx, int concurrency, long millis, long maxUnits, Unit unit) {
        Recorder recorder = new Recorder(3);
        AtomicLong units = new AtomicLong(), hops = new AtomicLong(), errors = new AtomicLong(), seq = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        long start = System.nanoTime();
        vertx.setTimer(millis, id -> stop.set(true));
        Promise<Result> done = Promise.promise();
        AtomicLong running = new AtomicLong(concurrency);
        IntFunction<Runnable> loop = new IntFunction<>() {
            @Override
            public Runnable apply(int worker) {
                return () -> {
                    if (stop.get() || seq.get() >= maxUnits) {
                        if (running.decrementAndGet() == 0) {
                            done.complete(new Result(units.get(), hops.get(), errors.get(), (System.nanoTime() - start) / 1e9,
                                    recorder.getIntervalHistogram()));
                        }
                        return;
                    }
                    unit.run(worker, seq.incrementAndGet(), recorder).onComplete(r -> {
                        if (r.succeeded()) {
                            units.incrementAndGet();
                            hops.addAndGet(r.result());
                        } else errors.incrementAndGet();
                        apply(worker).run();
                    });
                };
            }
        };
        for (int w = 0; w < concurrency; w++) {
            int worker = w;
            vertx.runOnContext(v -> loop.apply(worker).run());
        }
        return done.future();
    }
}
