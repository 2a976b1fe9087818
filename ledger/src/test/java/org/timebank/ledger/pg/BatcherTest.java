package org.timebank.ledger.pg;

import static org.junit.jupiter.api.Assertions.*;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Requests go out at once when the database is free and together when it is busy; each answer reaches its own caller. */
class BatcherTest {
    final Vertx vertx = Vertx.vertx();
    /** Every statement the batcher ran: its inputs, and the promise that finishes it. */
    final List<List<Integer>> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
    final List<Promise<List<String>>> running = new java.util.concurrent.CopyOnWriteArrayList<>();

    Future<List<String>> statement(List<Integer> inputs) {
        calls.add(List.copyOf(inputs));
        Promise<List<String>> p = Promise.promise();
        running.add(p);
        return p.future();
    }

    static List<String> answers(List<Integer> inputs) {
        return inputs.stream().map(i -> "row " + i).toList();
    }

    @AfterEach
    void close() {
        vertx.close();
    }

    @Test
    void aRequestAloneGoesOutAtOnce() {
        Batcher<Integer, String> b = new Batcher<>(1, 10, this::statement);
        Future<String> f = b.submit(7);
        assertEquals(List.of(List.of(7)), calls);
        running.get(0).complete(answers(calls.get(0)));
        assertEquals("row 7", f.result());
    }

    @Test
    void requestsArrivingWhileTheDatabaseIsBusyGoTogetherInOneStatement() {
        Batcher<Integer, String> b = new Batcher<>(1, 10, this::statement);
        Future<String> first = b.submit(1);
        List<Future<String>> later = List.of(b.submit(2), b.submit(3), b.submit(4));
        assertEquals(1, calls.size(), "the others wait while one statement runs");
        running.get(0).complete(answers(calls.get(0)));
        assertEquals("row 1", first.result());
        assertEquals(List.of(List.of(1), List.of(2, 3, 4)), calls);
        running.get(1).complete(answers(calls.get(1)));
        assertEquals(List.of("row 2", "row 3", "row 4"), later.stream().map(Future::result).toList());
    }

    @Test
    void noStatementCarriesMoreThanTheBatchSizeAndSeveralMayRunAtOnce() {
        Batcher<Integer, String> b = new Batcher<>(2, 2, this::statement);
        for (int i = 1; i <= 7; i++) b.submit(i);
        assertEquals(List.of(List.of(1), List.of(2)), calls, "two run at once, each taking what waits");
        running.get(0).complete(answers(calls.get(0)));
        running.get(1).complete(answers(calls.get(1)));
        assertEquals(List.of(List.of(1), List.of(2), List.of(3, 4), List.of(5, 6)), calls);
        running.get(2).complete(answers(calls.get(2)));
        assertEquals(List.of(7), calls.get(4));
    }

    @Test
    void aFailedStatementOfSeveralRunsThemAgainOneAtATimeSoAFailureIsOnlyItsOwn() {
        Batcher<Integer, String> b = new Batcher<>(1, 10, this::statement);
        Future<String> first = b.submit(1);
        Future<String> second = b.submit(2), third = b.submit(3);
        running.get(0).fail("connection lost");
        assertEquals("connection lost", first.cause().getMessage(), "a statement of one fails its one request");
        running.get(1).fail("check constraint violated by 3");
        assertEquals(List.of(List.of(1), List.of(2, 3), List.of(2), List.of(3)), calls, "then each alone");
        assertFalse(second.isComplete() || third.isComplete());
        running.get(2).complete(answers(calls.get(2)));
        running.get(3).fail("check constraint violated by 3");
        assertEquals("row 2", second.result());
        assertEquals("check constraint violated by 3", third.cause().getMessage());
        Future<String> fourth = b.submit(4);
        assertEquals(List.of(4), calls.get(4), "and the batcher goes on");
        running.get(4).complete(answers(calls.get(4)));
        assertEquals("row 4", fourth.result());
    }

    @Test
    void aStatementAnsweringTheWrongNumberOfRowsFailsItsRequests() {
        Batcher<Integer, String> b = new Batcher<>(1, 10, this::statement);
        Future<String> f = b.submit(1);
        running.get(0).complete(List.of());
        assertTrue(f.failed());
    }

    @Test
    void eachAnswerArrivesOnTheContextItWasAskedFrom() throws Exception {
        Batcher<Integer, String> b = new Batcher<>(1, 10, this::statement);
        Context a = vertx.getOrCreateContext();
        Context c = ((io.vertx.core.internal.VertxInternal) vertx).createEventLoopContext();
        CompletableFuture<Boolean> onA = new CompletableFuture<>(), onC = new CompletableFuture<>();
        CompletableFuture<Void> asked = new CompletableFuture<>();
        a.runOnContext(v -> b.submit(1).onComplete(r -> onA.complete(Vertx.currentContext() == a)));
        c.runOnContext(v -> {
            b.submit(2).onComplete(r -> onC.complete(Vertx.currentContext() == c));
            asked.complete(null);
        });
        asked.get(5, TimeUnit.SECONDS);
        // finished from a thread that is neither; one statement or two, as the linger gathered them
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!(onA.isDone() && onC.isDone()) && System.nanoTime() < until) {
            for (int i = 0; i < running.size(); i++) running.get(i).tryComplete(answers(calls.get(i)));
            Thread.sleep(5);
        }
        assertTrue(onA.get(5, TimeUnit.SECONDS));
        assertTrue(onC.get(5, TimeUnit.SECONDS));
    }

    /** Runs on an event loop (as the gateway's callers do) and answers what it returns. */
    <T> T onEventLoop(java.util.function.Supplier<T> task) throws Exception {
        CompletableFuture<T> done = new CompletableFuture<>();
        vertx.runOnContext(v -> done.complete(task.get()));
        return done.get(5, TimeUnit.SECONDS);
    }

    void awaitCalls(int n) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (calls.size() < n && System.nanoTime() < until) Thread.sleep(2);
    }

    @Test
    void withALingerRequestsWaitForEachOtherThoughTheDatabaseIsFree() throws Exception {
        Batcher<Integer, String> b = new Batcher<>(2, 10, TimeUnit.MILLISECONDS.toNanos(200), this::statement);
        long start = System.nanoTime();
        List<List<Integer>> seenAtOnce = onEventLoop(() -> {
            b.submit(1); // nothing running, yet it waits for more
            b.submit(2);
            b.submit(3);
            return List.copyOf(calls);
        });
        assertEquals(List.of(), seenAtOnce);
        awaitCalls(1);
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(150), "they waited out the linger");
        assertEquals(List.of(List.of(1, 2, 3)), calls, "and went together");
    }

    @Test
    void aFullBatchOrAStatementEndingDoesNotWaitForTheLinger() throws Exception {
        Batcher<Integer, String> b = new Batcher<>(1, 3, TimeUnit.SECONDS.toNanos(30), this::statement);
        assertEquals(List.of(List.of(1, 2, 3)), onEventLoop(() -> {
            b.submit(1);
            b.submit(2);
            b.submit(3); // the batch is full: it goes at once
            b.submit(4);
            b.submit(5);
            return List.copyOf(calls);
        }));
        running.get(0).complete(answers(calls.get(0)));
        assertEquals(List.of(4, 5), calls.get(1), "a statement ended: what gathered goes at once");
    }

    @Test
    void withoutALingerARequestGoesAtOnce() throws Exception {
        Batcher<Integer, String> b = new Batcher<>(2, 10, 0, this::statement);
        assertEquals(List.of(List.of(1), List.of(2)), onEventLoop(() -> {
            b.submit(1);
            b.submit(2);
            return List.copyOf(calls);
        }));
    }

    @Test
    void aCallerOutsideVertxNeverLingers() {
        Batcher<Integer, String> b = new Batcher<>(2, 10, TimeUnit.SECONDS.toNanos(30), this::statement);
        b.submit(1);
        b.submit(2);
        assertEquals(List.of(List.of(1), List.of(2)), calls);
    }
}
