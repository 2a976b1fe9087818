package org.timebank.gateway.sms;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.timebank.ledger.pg.PgOutbox;

/**
 * Drains the outbox: every tick it claims due messages (replies and receipts first) up to the
 * rate limit and hands them to the provider. Only one drain runs at a time per instance; several
 * instances share the work through the outbox's skip-locked claims.
 */
public final class OutboxDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxDispatcher.class);
    private static final long TICK_MS = 200;
    private final Vertx vertx;
    private final PgOutbox outbox;
    private final SmsSender sender;
    private final int perTick;
    private final Counter sent;
    private final Counter failed;
    private long timer = -1;
    private long requeueTimer = -1;
    private boolean draining;

    public OutboxDispatcher(Vertx vertx, PgOutbox outbox, SmsSender sender, int ratePerSecond, MeterRegistry metrics) {
        this.vertx = vertx;
        this.outbox = outbox;
        this.sender = sender;
        this.perTick = Math.max(1, (int) (ratePerSecond * TICK_MS / 1000));
        this.sent = Counter.builder("timebank_sms_sent_total").description("SMS handed to the provider").register(metrics);
        this.failed = Counter.builder("timebank_sms_send_errors_total").description("SMS the provider refused or failed").register(metrics);
    }

    public void start() {
        timer = vertx.setPeriodic(TICK_MS, id -> drainOnce());
        // Rows a crashed instance left in 'sending' go back to the queue after 5 minutes.
        requeueTimer = vertx.setPeriodic(0, 60_000, id -> outbox.recoverStale(300)
                .onFailure(e -> LOG.warn("could not requeue stale outbox rows: {}", e.getMessage())));
    }

    public void stop() {
        if (timer >= 0) vertx.cancelTimer(timer);
        if (requeueTimer >= 0) vertx.cancelTimer(requeueTimer);
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

    /** Claims and sends one tick's worth of messages; answers how many were sent. */
    public Future<Integer> drainOnce() {
        if (draining) return Future.succeededFuture(0);
        draining = true;
        return outbox.claim(perTick).compose(claimed -> {
            List<Future<Boolean>> sends = new ArrayList<>();
            for (PgOutbox.Claimed m : claimed) {
                sends.add(sender.send(m.toPhone(), m.body()).compose(outcome -> apply(m, outcome))
                        .recover(e -> {
                            failed.increment();
                            LOG.warn("SMS {} not handled: {}", m.id(), e.getMessage());
                            return Future.succeededFuture(false);
                        }));
            }
            return Future.join(sends).map(v -> (int) sends.stream().filter(f -> Boolean.TRUE.equals(f.result())).count());
        }).onSuccess(n -> sent.increment(n))
                .onFailure(e -> LOG.warn("outbox drain failed: {}", e.getMessage()))
                .onComplete(x -> draining = false);
    }
}
