package org.timebank.gateway.sms;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.timebank.ledger.pg.PgOutbox;

/**
 * Drains the outbox: it claims due messages (replies and receipts first) up to the rate limit and
 * hands them to the provider, every {@link #PACE_MS} while messages flow and every {@link #TICK_MS}
 * when the last drain found none. The rate limit is a bucket of tokens filled at the rate and
 * holding at most {@link #TICK_MS}' worth (the burst a drain may send): at 10 a second a drain
 * every 50 ms sends one message every other drain; at the benchmark's lifted limit each drain sends
 * what came in since the last, so the provider calls (and the claims' and marks' statements) are
 * spread evenly instead of one burst every 200 ms, which the gateway's hops felt (their median
 * latency in the burst's part of each 200 ms was three times the rest's). Only one drain runs at a
 * time per instance; several instances share the work through the outbox's skip-locked claims.
 *
 * <p>A drain claims at most {@link #MAX_CLAIM} rows at a time and claims again while the drain's
 * budget lasts and the last claim was full, so a big queue never sits in memory. Claimed messages
 * with the same body (a broadcast's members of one language) go to the provider together, in
 * requests of {@link SmsSender#maxBatch()} numbers; accepted messages are marked sent with one
 * statement for many of them (each hundred, and the rest when the claim is done); every other outcome goes through the retry policy ({@link #apply})
 * one message at a time.
 */
public final class OutboxDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxDispatcher.class);
    /** Between drains when the last found nothing to send. */
    static final long TICK_MS = 200;
    /** Between drains while messages flow. */
    static final long PACE_MS = 50;
    /** Rows claimed at once at most. */
    static final int MAX_CLAIM = 2_000;
    /**
     * Accepted messages are marked sent together, with one statement once this many are waiting
     * and for the rest when the claim is done, never one statement a message.
     */
    static final int MARK_EVERY = 100;
    private final Vertx vertx;
    private final PgOutbox outbox;
    private final SmsSender sender;
    private final int ratePerSecond;
    /** The most a drain may send: {@link #TICK_MS}' worth of the rate. */
    private final int perTick;
    /** Messages the rate allows now (the bucket; at most {@link #perTick}); used on the timer's context only. */
    private double tokens;
    private long refilledAt;
    /** Messages the drain under way has claimed so far. */
    private int claimedInDrain;
    private final Counter sent;
    private final Counter failed;
    private volatile long timer = -1;
    private volatile boolean stopped;
    private long requeueTimer = -1;
    private boolean draining;

    /**
     * A provider call that has not answered after this long counts as possibly sent (retried once,
     * marked possibly duplicated): a call that never ends would otherwise hold its claim, and with it
     * every later drain of this instance (the senders' own timeouts are shorter; this is the bound
     * whatever a sender or its library does).
     */
    static final long SEND_TIMEOUT_MS = 60_000;
    private final long sendTimeoutMs;

    public OutboxDispatcher(Vertx vertx, PgOutbox outbox, SmsSender sender, int ratePerSecond, MeterRegistry metrics) {
        this(vertx, outbox, sender, ratePerSecond, metrics, SEND_TIMEOUT_MS);
    }

    /** With a bound on each provider call other than {@link #SEND_TIMEOUT_MS}. */
    public OutboxDispatcher(Vertx vertx, PgOutbox outbox, SmsSender sender, int ratePerSecond, MeterRegistry metrics, long sendTimeoutMs) {
        this.sendTimeoutMs = sendTimeoutMs;
        this.vertx = vertx;
        this.outbox = outbox;
        this.sender = sender;
        this.ratePerSecond = ratePerSecond;
        this.perTick = Math.max(1, (int) (ratePerSecond * TICK_MS / 1000));
        this.sent = Counter.builder("timebank_sms_sent_total").description("SMS handed to the provider").register(metrics);
        this.failed = Counter.builder("timebank_sms_send_errors_total").description("SMS the provider refused or failed").register(metrics);
    }

    public void start() {
        stopped = false;
        tokens = perTick;
        refilledAt = System.nanoTime();
        timer = vertx.setTimer(TICK_MS, id -> tick());
        // Rows a crashed instance left in 'sending' go back to the queue after 5 minutes.
        requeueTimer = vertx.setPeriodic(0, 60_000, id -> outbox.recoverStale(300)
                .onFailure(e -> LOG.warn("could not requeue stale outbox rows: {}", e.getMessage())));
    }

    public void stop() {
        stopped = true;
        if (timer >= 0) vertx.cancelTimer(timer);
        if (requeueTimer >= 0) vertx.cancelTimer(requeueTimer);
    }

    /**
     * One drain of what the bucket allows, then the next one {@link #PACE_MS} after this one started
     * when it claimed something ({@link #TICK_MS} when it found nothing; at once when it took
     * longer): no drain lost to one still running, and never more than the rate.
     */
    private void tick() {
        timer = -1;
        if (stopped) return;
        long started = System.nanoTime();
        tokens = Math.min(perTick, tokens + ratePerSecond * (started - refilledAt) / 1e9);
        refilledAt = started;
        int budget = (int) tokens;
        claimedInDrain = 0;
        Future<Integer> drain;
        try {
            drain = budget < 1 ? Future.succeededFuture(0) : drain(budget);
        } catch (RuntimeException e) {
            LOG.warn("outbox drain failed: {}", e.toString());
            drain = Future.succeededFuture(0);
        }
        drain.onComplete(x -> {
            tokens -= claimedInDrain;
            if (stopped) return;
            long elapsedMs = (System.nanoTime() - started) / 1_000_000;
            long next = claimedInDrain > 0 || budget < 1 ? PACE_MS : TICK_MS;
            timer = vertx.setTimer(Math.max(1, next - elapsedMs), id -> tick());
        });
    }

    /** The retry policy: answers whether the message went out. */
    private Future<Boolean> apply(PgOutbox.Claimed m, SendOutcome outcome) {
        if (outcome instanceof SendOutcome.Accepted a) return outbox.markSent(m.id(), sender.name(), a.providerMessageId()).map(true);
        failed.increment();
        if (outcome instanceof SendOutcome.NotReached n) {
            if (m.attempts() >= MAX_ATTEMPTS) return outbox.markFailed(m.id(), "gave up: " + n.reason()).map(false);
            return outbox.retryLater(m.id(), backoffSeconds(m.attempts()), false, n.reason()).map(false);
        }
        if (outcome instanceof SendOutcome.MaybeSent ms) {
            // it may have gone out: one more try, marked possibly duplicated, never a loop of duplicates
            if (m.possiblyDuplicated()) return outbox.markFailed(m.id(), "may have been sent: " + ms.reason()).map(false);
            return outbox.retryLater(m.id(), backoffSeconds(m.attempts()), true, ms.reason()).map(false);
        }
        SendOutcome.Refused r = (SendOutcome.Refused) outcome;
        Future<Void> optOut = r.optedOut() ? outbox.carrierOptOut(m.toPhone()) : Future.succeededFuture();
        return optOut.compose(v -> outbox.markFailed(m.id(), r.optedOut() ? "opted out at the carrier: " + r.reason() : r.reason())).map(false);
    }

    /** 2, 4, 8 … seconds, at most 5 minutes. */
    static int backoffSeconds(int attempts) {
        return (int) Math.min(300, 1L << Math.min(attempts, 9));
    }

    /** With backoff capped at 5 minutes, about a day of tries before a never-sent message is given up. */
    static final int MAX_ATTEMPTS = 300;

    /** Claims and sends the most a drain may (a full bucket); answers how many were sent. */
    public Future<Integer> drainOnce() {
        return drain(perTick);
    }

    private Future<Integer> drain(int budget) {
        if (draining) return Future.succeededFuture(0);
        draining = true;
        claimedInDrain = 0;
        return drain(budget, 0)
                .onFailure(e -> LOG.warn("outbox drain failed: {}", e.getMessage()))
                .onComplete(x -> draining = false);
    }

    /** Claims up to {@code budget} messages, {@link #MAX_CLAIM} at a time (or fewer, as the sender asks), sending each claim before the next. */
    private Future<Integer> drain(int budget, int sentSoFar) {
        int limit = Math.min(budget, Math.max(1, Math.min(MAX_CLAIM, sender.maxClaim())));
        return outbox.claim(limit).compose(claimed -> {
            claimedInDrain += claimed.size();
            return send(claimed).compose(n -> {
                int left = budget - claimed.size();
                if (claimed.size() < limit || left <= 0 || stopped) return Future.succeededFuture(sentSoFar + n);
                return drain(left, sentSoFar + n);
            });
        });
    }

    /** Sends one claim: grouped by body (in the claim's priority order), in requests of the provider's batch size. */
    private Future<Integer> send(List<PgOutbox.Claimed> claimed) {
        if (claimed.isEmpty()) return Future.succeededFuture(0);
        Map<String, List<PgOutbox.Claimed>> byBody = new LinkedHashMap<>();
        for (PgOutbox.Claimed m : claimed) byBody.computeIfAbsent(m.body(), b -> new ArrayList<>()).add(m);
        int batch = Math.max(1, sender.maxBatch());
        SentMarks marks = new SentMarks();
        List<Future<Void>> chunks = new ArrayList<>();
        for (Map.Entry<String, List<PgOutbox.Claimed>> group : byBody.entrySet()) {
            List<PgOutbox.Claimed> all = group.getValue();
            for (int from = 0; from < all.size(); from += batch) {
                chunks.add(sendChunk(all.subList(from, Math.min(all.size(), from + batch)), group.getKey(), marks));
            }
        }
        return Future.join(chunks).transform(x -> marks.flush()).map(v -> marks.marked);
    }

    /** One call of the provider for messages with the same body; the future never fails. */
    private Future<Void> sendChunk(List<PgOutbox.Claimed> chunk, String body, SentMarks marks) {
        List<String> phones = new ArrayList<>(chunk.size());
        for (PgOutbox.Claimed m : chunk) phones.add(m.toPhone());
        Future<List<SendOutcome>> outcomes;
        try {
            outcomes = sender.sendMany(phones, body).timeout(sendTimeoutMs, java.util.concurrent.TimeUnit.MILLISECONDS)
                    .recover(e -> e instanceof java.util.concurrent.TimeoutException
                            ? Future.succeededFuture(java.util.Collections.nCopies(phones.size(),
                                    (SendOutcome) new SendOutcome.MaybeSent("no answer in " + sendTimeoutMs / 1000.0 + " s")))
                            : Future.failedFuture(e));
        } catch (RuntimeException e) {
            outcomes = Future.failedFuture(e);
        }
        return outcomes.compose(list -> {
            List<Future<?>> applied = new ArrayList<>(chunk.size());
            for (int i = 0; i < chunk.size(); i++) {
                PgOutbox.Claimed m = chunk.get(i);
                SendOutcome o = i < list.size() && list.get(i) != null ? list.get(i) : new SendOutcome.MaybeSent("no outcome");
                if (o instanceof SendOutcome.Accepted a) {
                    marks.add(m.id(), a.providerMessageId());
                } else {
                    applied.add(apply(m, o).recover(e -> {
                        failed.increment();
                        LOG.warn("SMS {} not handled: {}", m.id(), e.getMessage());
                        return Future.succeededFuture(false);
                    }));
                }
            }
            // marked together (a delivery report that comes before its mark is matched again later: SmsWebhooks)
            if (marks.waiting() >= MARK_EVERY) applied.add(marks.flush());
            return Future.join(applied).<Void>mapEmpty().otherwiseEmpty();
        }, e -> {
            // a sender that broke its promise never to fail: the rows stay 'sending' and are recovered after 5 minutes
            failed.increment(chunk.size());
            LOG.warn("{} SMS not handled: {}", chunk.size(), e.getMessage());
            return Future.succeededFuture();
        });
    }

    /**
     * Accepted messages of one claim waiting to be marked sent, each {@link #flush} writing those
     * waiting with one statement. Used on one context only.
     */
    private final class SentMarks {
        private List<Long> ids = new ArrayList<>();
        private List<String> providerIds = new ArrayList<>();
        int marked;

        void add(long id, String providerMessageId) {
            ids.add(id);
            providerIds.add(providerMessageId);
        }

        int waiting() {
            return ids.size();
        }

        Future<Void> flush() {
            if (ids.isEmpty()) return Future.succeededFuture();
            List<Long> batchIds = ids;
            List<String> batchProviderIds = providerIds;
            ids = new ArrayList<>();
            providerIds = new ArrayList<>();
            return outbox.markSentMany(batchIds, sender.name(), batchProviderIds).transform(r -> {
                if (r.succeeded()) {
                    marked += batchIds.size();
                    sent.increment(batchIds.size());
                } else {
                    // sent but not recorded: the rows stay 'sending' and are recovered after 5 minutes
                    failed.increment(batchIds.size());
                    LOG.warn("{} sent SMS could not be marked sent: {}", batchIds.size(), r.cause().getMessage());
                }
                return Future.succeededFuture();
            });
        }
    }
}
