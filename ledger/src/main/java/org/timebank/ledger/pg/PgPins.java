package org.timebank.ledger.pg;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.timebank.ledger.Member;
import org.timebank.ledger.OutboundSms;
import org.timebank.ledger.PinChange;
import org.timebank.ledger.PinCheck;
import org.timebank.ledger.PinHasher;
import org.timebank.ledger.PinPolicy;

/**
 * Members' PINs: checking one (wrong ones counted across USSD and SMS, the member locked after
 * {@code maxAttempts} in a row for {@code lockMinutes}), choosing and changing one (weak PINs
 * refused), and the staff reset. A PIN is never stored, logged or returned: only its hash is kept.
 */
public final class PgPins {
    private final Pool pool;
    private final PinHasher hasher;
    private final PgOutbox outbox;
    private final int maxAttempts;
    private final int lockMinutes;

    public PgPins(Pool pool, PinHasher hasher, PgOutbox outbox, int maxAttempts, int lockMinutes) {
        this.pool = pool;
        this.hasher = hasher;
        this.outbox = outbox;
        this.maxAttempts = maxAttempts;
        this.lockMinutes = lockMinutes;
    }

    public PinHasher hasher() {
        return hasher;
    }

    /**
     * Checks a PIN. The common case, the right PIN with no wrong one before it, is answered from one
     * read: it changes nothing, so it needs no lock and no commit. Anything else (a wrong PIN, a
     * count to reset, a lock, a suspension) is decided again with the member row locked, so
     * concurrent attempts are counted one after the other and none slips past the lock.
     */
    public Future<PinCheck> check(long memberId, String pin) {
        return states.submit(memberId).compose(state -> check(memberId, pin, state));
    }

    /** A PIN state read started ahead of its check ({@link org.timebank.ledger.MemberLedger#readPinStateAhead}). */
    public record Ahead(long memberId, Future<PinState> state) implements org.timebank.ledger.PinStateRead {}

    /** Starts the first read of a check now (batched with the others of the moment). */
    public Ahead readAhead(long memberId) {
        return new Ahead(memberId, states.submit(memberId));
    }

    /** {@link #check(long, String)} from a read started ahead for this member; reads now when there is none or it is another's. */
    public Future<PinCheck> check(long memberId, String pin, org.timebank.ledger.PinStateRead readAhead) {
        if (readAhead instanceof Ahead a && a.memberId() == memberId) return a.state().compose(state -> check(memberId, pin, state));
        return check(memberId, pin);
    }

    /** {@link #check(long, String)} after its first read, done elsewhere (e.g. with the member's pending item). */
    Future<PinCheck> check(long memberId, String pin, PinState state) {
        if (state != null && ("active".equals(state.status()) || "pin_required".equals(state.status())) && !state.locked()
                && state.failedAttempts() == 0 && state.pinHash() != null && hasher.matches(pin, state.pinHash())) {
            return Future.succeededFuture(new PinCheck(PinCheck.Outcome.OK, maxAttempts));
        }
        return checkLocked(memberId, pin);
    }

    /** What the first read of a PIN check needs of a member; null for no such member. */
    record PinState(String pinHash, String status, boolean locked, int failedAttempts) {
        /** The state in a row of {@code ledger_pin_states} (or a statement with its columns, the member's status named {@code statusColumn}). */
        static PinState of(Row r, String statusColumn) {
            if (r.getString(statusColumn) == null) return null;
            return new PinState(r.getString("pin_hash"), r.getString(statusColumn), r.getBoolean("locked"), r.getInteger("pin_failed_attempts"));
        }
    }

    /** First reads of checks that arrive while others are in the database go together ({@link Batcher}). */
    private final Batcher<Long, PinState> states = new Batcher<>(Batcher.IN_FLIGHT, 128, this::readStates);

    private Future<List<PinState>> readStates(List<Long> memberIds) {
        return pool.preparedQuery("SELECT * FROM ledger_pin_states($1)").execute(Tuple.of(memberIds.toArray(new Long[0]))).map(rows -> {
            PinState[] states = new PinState[memberIds.size()];
            for (Row r : rows) states[(int) (r.getLong("ord") - 1)] = PinState.of(r, "status");
            return java.util.Arrays.asList(states);
        });
    }

    private Future<PinCheck> checkLocked(long memberId, String pin) {
        return Tx.run(pool, conn -> conn.preparedQuery("""
                        SELECT pin_hash, status, COALESCE(pin_locked_until > now(), false) AS locked, pin_failed_attempts
                        FROM members WHERE id = $1 FOR UPDATE""")
                .execute(Tuple.of(memberId))
                .compose(rows -> {
                    if (rows.size() == 0) return Future.succeededFuture(new PinCheck(PinCheck.Outcome.UNKNOWN_MEMBER, 0));
                    Row r = rows.iterator().next();
                    String status = r.getString("status");
                    if ("suspended".equals(status) || "erased".equals(status)) {
                        return Future.succeededFuture(new PinCheck(PinCheck.Outcome.SUSPENDED, 0));
                    }
                    if (r.getBoolean("locked")) return Future.succeededFuture(new PinCheck(PinCheck.Outcome.LOCKED, 0));
                    if (r.getString("pin_hash") == null) return Future.succeededFuture(new PinCheck(PinCheck.Outcome.NO_PIN, 0));
                    if (hasher.matches(pin, r.getString("pin_hash"))) {
                        Future<?> reset = r.getInteger("pin_failed_attempts") == 0 ? Future.succeededFuture()
                                : conn.preparedQuery("UPDATE members SET pin_failed_attempts = 0 WHERE id = $1").execute(Tuple.of(memberId));
                        return reset.map(v -> new PinCheck(PinCheck.Outcome.OK, maxAttempts));
                    }
                    return wrong(conn, memberId);
                }));
    }

    private Future<PinCheck> wrong(io.vertx.sqlclient.SqlConnection conn, long memberId) {
        return conn.preparedQuery("""
                        UPDATE members SET
                            pin_locked_until = CASE WHEN pin_failed_attempts + 1 >= $2
                                                    THEN now() + make_interval(mins => $3) ELSE pin_locked_until END,
                            pin_failed_attempts = CASE WHEN pin_failed_attempts + 1 >= $2 THEN 0 ELSE pin_failed_attempts + 1 END
                        WHERE id = $1
                        RETURNING pin_failed_attempts, COALESCE(pin_locked_until > now(), false) AS locked""")
                .execute(Tuple.of(memberId, maxAttempts, lockMinutes))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    if (r.getBoolean("locked")) return new PinCheck(PinCheck.Outcome.LOCKED, 0);
                    return new PinCheck(PinCheck.Outcome.WRONG, maxAttempts - r.getInteger("pin_failed_attempts"));
                });
    }

    /** The first PIN of a member who has none (registered by staff, or reset). */
    public Future<PinChange> setFirst(long memberId, String newPin) {
        return phoneOf(memberId).compose(phone -> {
            if (phone.isEmpty()) return Future.succeededFuture(new PinChange(PinChange.Outcome.NOT_ALLOWED, null, null));
            Optional<PinPolicy.Weakness> weak = PinPolicy.weakness(newPin, phone.get());
            if (weak.isPresent()) return Future.succeededFuture(new PinChange(PinChange.Outcome.WEAK, weak.get(), null));
            return pool.preparedQuery("""
                            UPDATE members SET pin_hash = $2, status = 'active', pin_failed_attempts = 0, pin_locked_until = NULL
                            WHERE id = $1 AND status = 'pin_required' RETURNING id""")
                    .execute(Tuple.of(memberId, hasher.hash(newPin)))
                    .map(rows -> new PinChange(rows.size() == 1 ? PinChange.Outcome.CHANGED : PinChange.Outcome.NOT_ALLOWED, null, null));
        });
    }

    /** Changes a PIN after checking the old one (a wrong old PIN counts towards the lock). */
    public Future<PinChange> change(long memberId, String oldPin, String newPin) {
        return check(memberId, oldPin).compose(check -> {
            if (!check.ok()) return Future.succeededFuture(new PinChange(PinChange.Outcome.OLD_PIN_REFUSED, null, check));
            if (oldPin.equals(newPin)) return Future.succeededFuture(new PinChange(PinChange.Outcome.SAME_AS_OLD, null, check));
            return phoneOf(memberId).compose(phone -> {
                Optional<PinPolicy.Weakness> weak = PinPolicy.weakness(newPin, phone.orElse(null));
                if (weak.isPresent()) return Future.succeededFuture(new PinChange(PinChange.Outcome.WEAK, weak.get(), check));
                return pool.preparedQuery("UPDATE members SET pin_hash = $2 WHERE id = $1 AND status = 'active'")
                        .execute(Tuple.of(memberId, hasher.hash(newPin)))
                        .map(rows -> new PinChange(rows.rowCount() == 1 ? PinChange.Outcome.CHANGED : PinChange.Outcome.NOT_ALLOWED, null, check));
            });
        });
    }

    /**
     * The staff reset: the PIN is cleared and the lock lifted, the member chooses a new PIN at the
     * next dial, the reset is recorded with who did it and why, and the member is told by SMS.
     * Empty when the member does not exist or is suspended or erased.
     */
    public Future<Optional<Member>> reset(long memberId, String actor, String reason, Function<Member, List<OutboundSms>> notice) {
        return Tx.run(pool, conn -> conn.preparedQuery("""
                        UPDATE members SET pin_hash = NULL, status = 'pin_required', pin_failed_attempts = 0, pin_locked_until = NULL
                        WHERE id = $1 AND status IN ('active', 'pin_required') RETURNING id""")
                .execute(Tuple.of(memberId))
                .compose(rows -> {
                    if (rows.size() == 0) return Future.succeededFuture(Optional.<Member>empty());
                    return PgDirectory.event(conn, memberId, "pin_reset", actor, reason)
                            .compose(v -> conn.preparedQuery("SELECT * FROM member_details WHERE id = $1").execute(Tuple.of(memberId)))
                            .map(r -> Rows.member(r.iterator().next()))
                            .compose(m -> outbox.enqueue(conn, notice.apply(m)).map(v -> Optional.of(m)));
                }));
    }

    private Future<Optional<String>> phoneOf(long memberId) {
        return pool.preparedQuery("SELECT phone FROM members WHERE id = $1").execute(Tuple.of(memberId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.ofNullable(rows.iterator().next().getString(0)));
    }
}
