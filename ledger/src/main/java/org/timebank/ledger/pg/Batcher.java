package org.timebank.ledger.pg;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Gathers small requests that arrive while earlier ones are still in the database into one
 * statement. A request goes out at once when fewer than {@code maxInFlight} statements are running;
 * otherwise it waits for the next one, together with every request that came meanwhile (at most
 * {@code maxBatch}). Alone it costs no wait; under load, one round trip and one statement serve many.
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

    private record Waiting<I, O>(I input, Promise<O> promise, Context context) {}

    private final Function<List<I>, Future<List<O>>> run;
    private final int maxInFlight;
    private final int maxBatch;
    private final ArrayDeque<Waiting<I, O>> queue = new ArrayDeque<>();
    private int inFlight;

    public Batcher(int maxInFlight, int maxBatch, Function<List<I>, Future<List<O>>> run) {
        if (maxInFlight < 1 || maxBatch < 1) throw new IllegalArgumentException("maxInFlight and maxBatch must be at least 1");
        this.run = run;
        this.maxInFlight = maxInFlight;
        this.maxBatch = maxBatch;
    }

    public Future<O> submit(I input) {
        Promise<O> promise = Promise.promise();
        List<Waiting<I, O>> batch;
        synchronized (this) {
            queue.add(new Waiting<>(input, promise, Vertx.currentContext()));
            batch = takeIfFree();
        }
        if (batch != null) send(batch);
        return promise.future();
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
