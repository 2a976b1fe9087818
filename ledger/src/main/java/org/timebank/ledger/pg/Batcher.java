package org.timebank.ledger.pg;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Gathers small requests that arrive while earlier ones are still in the database into one
 * statement. When fewer than {@code maxInFlight} statements are running, a request waits a short
 * while (the linger) for others and goes out with them; otherwise it waits for the next statement,
 * together with every request that came meanwhile (at most {@code maxBatch}; a full batch goes at
 * once). Under load one round trip and one statement serve many, and with the linger they do at a
 * steady moderate rate too, where the database is seldom busy when a request arrives. The wait is
 * scheduled on the caller's event loop; a caller outside Vert.x, or a batcher without a linger,
 * sends at once.
 *
 * <p>{@code run} answers one result per input, in the inputs' order, and must be atomic (one
 * statement, or one transaction): a run of several inputs that fails is run again one input at a
 * time, so one bad input (a constraint it breaks) fails only its own caller. Each caller's future
 * completes on the Vert.x context it called from. Safe to call from any thread.
 */
public final class Batcher<I, O> {
    /**
     * Statements of one kind in the database at once, for the gateway's batchers: few, so requests
     * start to go together well before the machine is saturated (at half the maximum rate they still
     * do, and cost less each), enough that one slow statement does not hold up the rest.
     */
    public static final int IN_FLIGHT = 2;

    /**
     * The gateway's batchers' linger (system property {@code timebank.batchLingerMicros}, default
     * 2 ms; 0 turns it off). On the benchmark's 2-core machine, at a steady 500 USSD sends a second,
     * without it most statements ran alone (10.9 a send) and the machine was 94 % busy; with 2 ms,
     * 4.7 a send and 65 % busy, and the hops faster, not slower. Lingering only after another
     * request within the linger (so a lone request never waits) left a quarter of them alone at
     * 700 sends a second, and the machine 95 % busy instead of 76 (ops/README.md, "Measuring").
     */
    public static final long LINGER_NANOS = TimeUnit.MICROSECONDS.toNanos(Long.getLong("timebank.batchLingerMicros", 2_000));

    /**
     * The SMS path's linger (system property {@code timebank.smsBatchLingerMicros}, default 4 ms; 0
     * turns it off): inbound records, holds and their replies, a PIN reply's read and the
     * confirmations. An SMS reply reaches a member seconds later in any case, and no screen waits on
     * these steps, so they gather twice as long as a USSD hop's statements. With 4 ms instead of 2,
     * at a steady 650 SMS sends a second on the benchmark's 2-core machine, 1.55 statements a send
     * instead of 2.1–2.5, and 2.0–2.3 ms of the machine a send instead of 2.3–2.7 (ops/README.md).
     */
    public static final long SMS_LINGER_NANOS = TimeUnit.MICROSECONDS.toNanos(Long.getLong("timebank.smsBatchLingerMicros", 4_000));

    private record Waiting<I, O>(I input, Promise<O> promise, Context context) {}

    private final Function<List<I>, Future<List<O>>> run;
    private final int maxInFlight;
    private final int maxBatch;
    private final long lingerNanos;
    private final ArrayDeque<Waiting<I, O>> queue = new ArrayDeque<>();
    private int inFlight;
    private boolean flushScheduled;

    /** A batcher with the gateway's linger ({@link #LINGER_NANOS}). */
    public Batcher(int maxInFlight, int maxBatch, Function<List<I>, Future<List<O>>> run) {
        this(maxInFlight, maxBatch, LINGER_NANOS, run);
    }

    public Batcher(int maxInFlight, int maxBatch, long lingerNanos, Function<List<I>, Future<List<O>>> run) {
        if (maxInFlight < 1 || maxBatch < 1 || lingerNanos < 0) {
            throw new IllegalArgumentException("maxInFlight and maxBatch must be at least 1, the linger not negative");
        }
        this.run = run;
        this.maxInFlight = maxInFlight;
        this.maxBatch = maxBatch;
        this.lingerNanos = lingerNanos;
    }

    public Future<O> submit(I input) {
        Promise<O> promise = Promise.promise();
        Context context = Vertx.currentContext();
        List<Waiting<I, O>> batch = null;
        boolean schedule = false;
        synchronized (this) {
            queue.add(new Waiting<>(input, promise, context));
            if (lingerNanos > 0 && context != null && inFlight < maxInFlight && queue.size() < maxBatch) {
                schedule = !flushScheduled;
                flushScheduled = true;
            } else {
                batch = takeIfFree();
            }
        }
        if (schedule) {
            try {
                ((ContextInternal) context).nettyEventLoop().schedule(this::flush, lingerNanos, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException closing) {
                flush(); // the event loop is shutting down: no wait, rather than a request left waiting
            }
        }
        if (batch != null) send(batch);
        return promise.future();
    }

    /** The linger is over: what gathered goes out, if a statement may start (else it goes when one ends). */
    private void flush() {
        List<Waiting<I, O>> batch;
        synchronized (this) {
            flushScheduled = false;
            batch = takeIfFree();
        }
        if (batch != null) send(batch);
    }

    /** The next batch when a statement may start now; the caller sends it. */
    private List<Waiting<I, O>> takeIfFree() {
        if (inFlight >= maxInFlight || queue.isEmpty()) return null;
        inFlight++;
        List<Waiting<I, O>> batch = new ArrayList<>(Math.min(queue.size(), maxBatch));
        while (!queue.isEmpty() && batch.size() < maxBatch) batch.add(queue.poll());
        return batch;
    }

    private void send(List<Waiting<I, O>> batch) {
        List<I> inputs = new ArrayList<>(batch.size());
        for (Waiting<I, O> w : batch) inputs.add(w.input());
        Future<List<O>> result;
        try {
            result = run.apply(inputs);
        } catch (RuntimeException e) {
            result = Future.failedFuture(e);
        }
        result.onComplete(r -> {
            boolean eachAlone = r.failed() && batch.size() > 1;
            List<Waiting<I, O>> next;
            synchronized (this) {
                inFlight--;
                if (eachAlone) inFlight += batch.size();
                next = eachAlone ? null : takeIfFree();
            }
            if (eachAlone) {
                for (Waiting<I, O> w : batch) send(List.of(w));
                return;
            }
            if (next != null) send(next);
            for (int i = 0; i < batch.size(); i++) {
                Waiting<I, O> w = batch.get(i);
                if (r.failed()) deliver(w, null, r.cause());
                else if (r.result().size() != batch.size()) deliver(w, null, new IllegalStateException("one result per input expected"));
                else deliver(w, r.result().get(i), null);
            }
        });
    }

    private static <I, O> void deliver(Waiting<I, O> w, O value, Throwable failure) {
        Runnable complete = () -> {
            if (failure != null) w.promise().fail(failure);
            else w.promise().complete(value);
        };
        if (w.context() == null || w.context() == Vertx.currentContext()) complete.run();
        else w.context().runOnContext(v -> complete.run());
    }
}
