package org.timebank.ledger.pg;

import io.vertx.sqlclient.Pool;
import org.timebank.ledger.PinHasher;

/** The ledger's PostgreSQL parts over one pool, wired together. No logic of its own. */
public final class PgLedger {
    private final Pool pool;
    private final PgOutbox outbox;
    private final PgTransfers transfers;
    private final PgDirectory directory;
    private final PgPins pins;
    private final ChainSealer sealer;
    private final LedgerVerifier verifier;
    private final PgApprovals approvals;
    private final PgRequests requests;
    private final PgPending pending;
    private final PgReports reports;
    private final PgPosts posts;

    /** {@code pinMaxAttempts} wrong PINs in a row lock PIN actions for {@code pinLockMinutes}. */
    public PgLedger(Pool pool, PinHasher hasher, int pinMaxAttempts, int pinLockMinutes) {
        this.pool = pool;
        this.outbox = new PgOutbox(pool);
        this.transfers = new PgTransfers(pool, outbox);
        this.directory = new PgDirectory(pool, outbox, transfers);
        this.pins = new PgPins(pool, hasher, outbox, pinMaxAttempts, pinLockMinutes);
        this.sealer = new ChainSealer(pool);
        this.verifier = new LedgerVerifier(pool);
        this.approvals = new PgApprovals(pool, transfers);
        this.requests = new PgRequests(pool, transfers, outbox);
        this.pending = new PgPending(pool, transfers);
        this.reports = new PgReports(pool);
        this.posts = new PgPosts(pool, outbox);
    }

    public PgPosts posts() {
        return posts;
    }

    public PgReports reports() {
        return reports;
    }

    public PgPending pending() {
        return pending;
    }

    public PgRequests requests() {
        return requests;
    }

    public PgApprovals approvals() {
        return approvals;
    }

    public Pool pool() {
        return pool;
    }

    public PgOutbox outbox() {
        return outbox;
    }

    public PgTransfers transfers() {
        return transfers;
    }

    public PgDirectory directory() {
        return directory;
    }

    public PgPins pins() {
        return pins;
    }

    public ChainSealer sealer() {
        return sealer;
    }

    public LedgerVerifier verifier() {
        return verifier;
    }
}
