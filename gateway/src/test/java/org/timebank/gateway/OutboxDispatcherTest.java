package org.timebank.gateway;

import static org.junit.jupiter.api.Assertions.*;
import static org.timebank.ledger.LedgerFixture.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.timebank.gateway.sms.OutboxDispatcher;
import org.timebank.gateway.sms.SendOutcome;
import org.timebank.gateway.sms.SmsSender;
import org.timebank.ledger.LedgerFixture;
import org.timebank.ledger.Member;
import org.timebank.ledger.TestDatabase;

/**
 * The dispatcher on a real outbox: claims of at most 2,000 rows, several per drain while the budget
 * lasts; messages grouped by body and sent in the provider's batch size, replies first; accepted
 * messages marked sent together, every other outcome through the retry policy; one drain at a time.
 */
class OutboxDispatcherTest {
    LedgerFixture f;
    SimpleMeterRegistry metrics = new SimpleMeterRegistry();

    /** A provider that records each call (body and numbers) and answers what the test says. */
    static final class Recording implements SmsSender {
        record Call(String body, List<String> phones) {}

        final List<Call> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
        final int batch;
        Function<List<String>, Future<List<SendOutcome>>> answer = phones -> {
            List<SendOutcome> list = new ArrayList<>();
            for (String p : phones) list.add(new SendOutcome.Accepted("id-" + p));
            return Future.succeededFuture(list);
        };

        Recording(int batch) {
            this.batch = batch;
        }

        @Override
        public String name() {
            return "test";
        }

        @Override
        public int maxBatch() {
            return batch;
        }

        @Override
        public Future<SendOutcome> send(String toPhone, String body) {
            return sendMany(List.of(toPhone), body).map(l -> l.get(0));
        }

        @Override
        public Future<List<SendOutcome>> sendMany(List<String> toPhones, String body) {
            calls.add(new Call(body, List.copyOf(toPhones)));
            return answer.apply(toPhones);
        }
    }

    @BeforeEach
    void setUp() {
        f = new LedgerFixture();
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    /** {@code n} bulk messages, alternately with body A and B (odd numbers B). */
    void bulk(int n) {
        TestDatabase.exec(f.db, "INSERT INTO outbox (to_phone, body, purpose, priority, dedupe_key) "
                + "SELECT '+8529' || lpad(g::text, 7, '0'), CASE WHEN g % 2 = 0 THEN 'A' ELSE 'B' END, 'broadcast', 1, 'b:' || g "
                + "FROM generate_series(1, " + n + ") g");
    }

    OutboxDispatcher dispatcher(Recording sender, int ratePerSecond) {
        return new OutboxDispatcher(f.vertx, f.ledger.outbox(), sender, ratePerSecond, metrics);
    }

    long count(String where) {
        return TestDatabase.queryLong(f.db, "SELECT count(*) FROM outbox WHERE " + where);
    }

    @Test
    void aBigQueueIsClaimedTwoThousandAtATimeAndSentInBatchesOfTheSameBody() {
        bulk(4_500);
        Recording sender = new Recording(500);
        assertEquals(4_500, await(dispatcher(sender, 100_000).drainOnce()), "a budget of 20,000: the whole queue in one drain");
        List<String> order = sender.calls.stream().map(Recording.Call::body).toList();
        assertEquals(List.of("B", "B", "A", "A", "B", "B", "A", "A", "B", "A"), order,
                "three claims (2,000, 2,000, 500), each grouped by body: " + order);
        sender.calls.forEach(c -> assertTrue(c.phones().size() <= 500));
        assertEquals(4_500, count("status = 'sent' AND provider = 'test' AND provider_message_id = 'id-' || to_phone"));
        assertEquals(4_500, metrics.counter("timebank_sms_sent_total").count());
        assertEquals(0, metrics.counter("timebank_sms_send_errors_total").count());
    }

    @Test
    void theRateLimitsOneDrainAndRepliesGoFirst() {
        bulk(10);
        Member ann = f.member(f.org("KLN").code(), "Ann");
        await(f.ledger.pool().withConnection(c -> f.ledger.outbox().enqueue(c, List.of(new org.timebank.ledger.OutboundSms(ann.phone(),
                ann.id(), "your reply", org.timebank.ledger.OutboundSms.Purpose.REPLY, "r:1")))));
        Recording sender = new Recording(500);
        assertEquals(2, await(dispatcher(sender, 10).drainOnce()), "10 a second: 2 a tick");
        assertEquals("your reply", sender.calls.get(0).body(), "the reply, written last, goes first");
        assertEquals(2, count("status = 'sent'"));
        assertEquals(9, count("status = 'queued'"));
    }

    @Test
    void runningOnItsTimerItSpreadsTheRateOverDrainsAndNeverExceedsIt() throws Exception {
        bulk(100);
        Recording sender = new Recording(1); // one call a message: the calls' times are the sends'
        OutboxDispatcher d = dispatcher(sender, 10);
        long started = System.nanoTime();
        d.start();
        try {
            Thread.sleep(2_000);
        } finally {
            d.stop();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        int calls = sender.calls.size();
        // the bucket starts full (200 ms' worth, 2) and fills at 10 a second
        assertTrue(calls <= 2 + Math.ceil(10 * seconds), calls + " sent in " + seconds + " s at 10 a second");
        assertTrue(calls >= 15, "paced, not starved: " + calls + " in " + seconds + " s");
        Thread.sleep(300); // a drain under way when it stopped finishes
        assertEquals(sender.calls.size(), count("status = 'sent'"));
    }

    @Test
    void whileMessagesFlowItDrainsEveryFiftyMillisecondsInsteadOfOnceATick() throws Exception {
        bulk(1_000);
        Recording sender = new Recording(1);
        List<Long> at = new java.util.concurrent.CopyOnWriteArrayList<>();
        Function<List<String>, Future<List<SendOutcome>>> accept = sender.answer;
        sender.answer = phones -> {
            at.add(System.nanoTime());
            return accept.apply(phones);
        };
        OutboxDispatcher d = dispatcher(sender, 200); // 40 a drain at most, 10 every 50 ms
        d.start();
        try {
            Thread.sleep(1_300);
        } finally {
            d.stop();
        }
        Thread.sleep(300);
        assertTrue(at.size() >= 150 && at.size() <= 40 + 200 * 1.6, at.size() + " sent in about 1.1 s of drains at 200 a second");
        // sends in at least 12 distinct 50 ms windows after the first drain: not one burst per 200 ms
        long first = at.get(0);
        long windows = at.stream().map(t -> (t - first) / 50_000_000L).distinct().count();
        assertTrue(windows >= 12, "sends fell in " + windows + " windows of 50 ms");
    }

    @Test
    void eachOutcomeOfABatchGoesThroughTheRetryPolicy() {
        Member ann = f.member(f.org("KLN").code(), "Ann");
        TestDatabase.exec(f.db, "INSERT INTO outbox (to_phone, body, purpose, priority, dedupe_key) VALUES "
                + "('+85290000001', 'offer', 'broadcast', 1, 'b:1'), ('" + ann.phone() + "', 'offer', 'broadcast', 1, 'b:2'), "
                + "('+85290000003', 'offer', 'broadcast', 1, 'b:3'), ('+85290000004', 'offer', 'broadcast', 1, 'b:4')");
        Recording sender = new Recording(500);
        sender.answer = phones -> Future.succeededFuture(List.of(new SendOutcome.Accepted("ok-1"),
                new SendOutcome.Refused("statusCode 406 UserInBlacklist", true), new SendOutcome.NotReached("statusCode 500"),
                new SendOutcome.MaybeSent("not in the answer")));
        assertEquals(1, await(dispatcher(sender, 100).drainOnce()));
        assertEquals(1, sender.calls.size(), "one request for the four");
        assertEquals(1, count("status = 'sent' AND provider_message_id = 'ok-1' AND to_phone = '+85290000001'"));
        assertEquals(1, count("status = 'failed' AND error LIKE 'opted out at the carrier%' AND to_phone = '" + ann.phone() + "'"));
        assertEquals(1, TestDatabase.queryLong(f.db, "SELECT count(*) FROM members WHERE carrier_opted_out AND id = " + ann.id()));
        assertEquals(1, count("status = 'queued' AND NOT possibly_duplicated AND to_phone = '+85290000003'"));
        assertEquals(1, count("status = 'queued' AND possibly_duplicated AND to_phone = '+85290000004'"));
        assertEquals(1, metrics.counter("timebank_sms_sent_total").count());
        assertEquals(3, metrics.counter("timebank_sms_send_errors_total").count());
    }

    @Test
    void oneDrainAtATimeAndASenderThatFailsLeavesItsRowsToRecovery() {
        bulk(3);
        Recording sender = new Recording(500);
        Promise<List<SendOutcome>> pending = Promise.promise();
        sender.answer = phones -> pending.future();
        OutboxDispatcher d = dispatcher(sender, 100);
        Future<Integer> first = d.drainOnce();
        long until = System.currentTimeMillis() + 10_000;
        while (sender.calls.isEmpty() && System.currentTimeMillis() < until) Thread.onSpinWait();
        assertEquals(0, await(d.drainOnce()), "a second drain while one runs does nothing");
        pending.fail(new IllegalStateException("broken sender"));
        assertEquals(0, await(first));
        assertEquals(3, count("status = 'sending'"), "left for the stale-row recovery");
        assertEquals(3, metrics.counter("timebank_sms_send_errors_total").count());
    }

    @Test
    void aProviderCallThatNeverAnswersCountsAsPossiblySentAndTheNextDrainGoesOn() {
        bulk(2);
        Recording sender = new Recording(500);
        Promise<List<SendOutcome>> never = Promise.promise();
        sender.answer = phones -> never.future();
        OutboxDispatcher d = new OutboxDispatcher(f.vertx, f.ledger.outbox(), sender, 100, metrics, 300);
        assertEquals(0, await(d.drainOnce()), "the drain ends when the call has not answered in 0.3 s");
        assertEquals(2, count("status = 'queued' AND possibly_duplicated AND error LIKE 'no answer in 0.3 s'"), "retried once, marked");
        TestDatabase.exec(f.db, "UPDATE outbox SET next_attempt_at = now()");
        sender.answer = new Recording(500).answer; // the provider answers again
        assertEquals(2, await(d.drainOnce()), "the next drain is not held by the call that never ended");
        assertEquals(2, count("status = 'sent'"));
    }
}
