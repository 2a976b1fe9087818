package org.timebank.ledger.pg;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
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
     * Confirmations that arrive while others are in the database go together, as transfers do
     * ({@link PgTransfers#transfer}).
     */
    public Future<TransferResult> confirm(long pendingId, Notices notices) {
        return confirmations.submit(new Confirming(pendingId, notices)).compose(PgTransfers::unwrap);
    }

    private record Confirming(long pendingId, Notices notices) {}

    private final Batcher<Confirming, AsyncResult<TransferResult>> confirmations =
            new Batcher<>(PgTransfers.MAX_TRANSACTIONS, PgTransfers.MAX_TOGETHER, this::confirmTogether);

    private Future<List<AsyncResult<TransferResult>>> confirmTogether(List<Confirming> batch) {
        return PgTransfers.together(pool, batch, this::confirmMany);
    }

    private Future<List<TransferResult>> confirmMany(SqlConnection conn, Supplier<Future<Void>> commit, List<Confirming> batch) {
        Long[] ids = new Long[batch.size()];
        for (int i = 0; i < ids.length; i++) ids[i] = batch.get(i).pendingId();
        return conn.preparedQuery(SELECT + " WHERE p.id = ANY($1) ORDER BY p.id FOR UPDATE OF p").execute(Tuple.tuple().addArrayOfLong(ids)).compose(rows -> {
            Map<Long, Pending> items = new HashMap<>();
            for (Row r : rows) items.put(r.getLong("id"), pending(r));
            TransferResult[] results = new TransferResult[batch.size()];
            List<PgTransfers.Submitted> toPost = new ArrayList<>();
            List<Integer> posting = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                Pending p = items.get(batch.get(i).pendingId());
                if (p == null) return Future.failedFuture(new IllegalArgumentException("no pending item " + batch.get(i).pendingId()));
                boolean open = "pending".equals(p.status()) && !p.expired();
                if (!open && !"confirmed".equals(p.status())) {
                    results[i] = TransferResult.refused(Refusal.REQUEST_NOT_WAITING);
                    continue;
                }
                toPost.add(new PgTransfers.Submitted(new TransferCommand("send".equals(p.kind()) ? TransferKind.SEND : TransferKind.DONATION,
                        AccountRef.member(p.memberId()), "send".equals(p.kind()) ? AccountRef.member(p.toMemberId()) : AccountRef.fund(p.fundCode()),
                        p.amountMinutes(), p.note(), null, "sms:pending:" + p.id(), "member:" + p.memberId()), batch.get(i).notices()));
                posting.add(i);
            }
            return transfers.postMany(conn, toPost, posted -> {
                // the items whose transfer was made now are confirmed, with the transfer they made: one
                // statement each (a probe of the key), all in one round trip
                List<Tuple> confirmed = new ArrayList<>();
                for (int k = 0; k < posted.size(); k++) {
                    TransferResult r = posted.get(k);
                    if (r.ok() && !r.replayed()) confirmed.add(Tuple.of(ids[posting.get(k)], r.transfer().id()));
                }
                Future<?> marked = confirmed.isEmpty() ? Future.succeededFuture() : conn.preparedQuery(
                        "UPDATE sms_pending SET status = 'confirmed', transfer_id = $2, decided_at = now() WHERE id = $1").executeBatch(confirmed);
                return Future.all(marked, commit.get()).mapEmpty();
            }).map(posted -> {
                for (int k = 0; k < posted.size(); k++) results[posting.get(k)] = posted.get(k);
                return List.of(results);
            });
        });
    }

    private static Pending pending(Row r) {
        return new Pending(r.getLong("id"), r.getLong("member_id"), r.getString("kind"), r.getLong("to_member_id"), r.getString("to_name"),
                r.getString("to_phone"), r.getString("fund_code"), r.getString("fund_name"), r.getLong("amount_minutes"), r.getString("note"),
                r.getString("status"), Rows.instant(r.getOffsetDateTime("expires_at")));
    }
}
