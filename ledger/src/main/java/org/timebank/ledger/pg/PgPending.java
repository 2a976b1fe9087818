package org.timebank.ledger.pg;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;
import org.timebank.ledger.AccountRef;
import org.timebank.ledger.Notices;
import org.timebank.ledger.Pending;
import org.timebank.ledger.Refusal;
import org.timebank.ledger.TransferCommand;
import org.timebank.ledger.TransferKind;
import org.timebank.ledger.TransferResult;

/**
 * Transfers and donations started by SMS and waiting for the PIN. Stored in PostgreSQL, so they
 * survive a restart and any instance can confirm them. A newer one replaces the older; confirming
 * posts the transfer keyed on the pending item, so it is posted at most once.
 */
public final class PgPending {
    private static final String SELECT = """
            SELECT p.*, m.name AS to_name, m.phone AS to_phone, f.name AS fund_name FROM sms_pending p
            LEFT JOIN members m ON m.id = p.to_member_id LEFT JOIN funds f ON f.code = p.fund_code""";
    private final Pool pool;
    private final PgTransfers transfers;

    public PgPending(Pool pool, PgTransfers transfers) {
        this.pool = pool;
        this.transfers = transfers;
    }

    /**
     * Holds a new pending item, replacing the member's older one, in one statement. Two at the same
     * moment for a member who had none: one is refused by the one-pending index and tried again.
     */
    public Future<Pending> hold(long memberId, String kind, Long toMemberId, String fundCode, long minutes, String note, int ttlSeconds) {
        return Tx.retry(() -> pool.preparedQuery("SELECT * FROM sms_hold_pending($1, $2, $3, $4, $5, $6, $7)")
                .execute(Tuple.of(memberId, kind, toMemberId, fundCode, minutes, note, ttlSeconds))
                .map(rows -> pending(rows.iterator().next())));
    }

    /** The member's pending item, if any (an expired one is returned as such, for the reply). */
    public Future<Optional<Pending>> current(long memberId) {
        return pool.preparedQuery(SELECT + " WHERE p.member_id = $1 AND p.status = 'pending'").execute(Tuple.of(memberId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(pending(rows.iterator().next())));
    }

    public Future<Boolean> cancel(long memberId) {
        return pool.preparedQuery("UPDATE sms_pending SET status = 'cancelled', decided_at = now() WHERE member_id = $1 AND status = 'pending'")
                .execute(Tuple.of(memberId)).map(rows -> rows.rowCount() > 0);
    }

    public Future<Void> expire(long pendingId) {
        return pool.preparedQuery("UPDATE sms_pending SET status = 'expired', decided_at = now() WHERE id = $1 AND status = 'pending'")
                .execute(Tuple.of(pendingId)).mapEmpty();
    }

    /**
     * Posts the pending item (the caller checked the PIN). The transfer's key is the pending item,
     * so a retried confirmation answers the same transfer. Three round trips: {@code BEGIN} with the
     * item's lock, the transfer, then its receipts, the item's new status and {@code COMMIT}.
     */
    public Future<TransferResult> confirm(long pendingId, Notices notices) {
        return Tx.pipelined(pool, (conn, commit) -> conn.preparedQuery(SELECT + " WHERE p.id = $1 FOR UPDATE OF p").execute(Tuple.of(pendingId))
                .compose(rows -> {
                    Pending p = pending(rows.iterator().next());
                    boolean open = "pending".equals(p.status()) && !p.expired();
                    if (!open && !"confirmed".equals(p.status())) return Future.succeededFuture(TransferResult.refused(Refusal.REQUEST_NOT_WAITING));
                    TransferCommand cmd = new TransferCommand("send".equals(p.kind()) ? TransferKind.SEND : TransferKind.DONATION,
                            AccountRef.member(p.memberId()), "send".equals(p.kind()) ? AccountRef.member(p.toMemberId()) : AccountRef.fund(p.fundCode()),
                            p.amountMinutes(), p.note(), null, "sms:pending:" + p.id(), "member:" + p.memberId());
                    return transfers.post(conn, cmd, null, notices, transfer -> {
                        Future<Void> marked = conn.preparedQuery("UPDATE sms_pending SET status = 'confirmed', transfer_id = $2, decided_at = now() WHERE id = $1")
                                .execute(Tuple.of(pendingId, transfer.id())).mapEmpty();
                        return Future.all(marked, commit.get()).mapEmpty();
                    });
                }));
    }

    private static Pending pending(Row r) {
        return new Pending(r.getLong("id"), r.getLong("member_id"), r.getString("kind"), r.getLong("to_member_id"), r.getString("to_name"),
                r.getString("to_phone"), r.getString("fund_code"), r.getString("fund_name"), r.getLong("amount_minutes"), r.getString("note"),
                r.getString("status"), Rows.instant(r.getOffsetDateTime("expires_at")));
    }
}
