package org.timebank.ledger.pg;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.timebank.ledger.AccountRef;
import org.timebank.ledger.Notices;
import org.timebank.ledger.OutboundSms;
import org.timebank.ledger.PaymentRequest;
import org.timebank.ledger.Refusal;
import org.timebank.ledger.TransferCommand;
import org.timebank.ledger.TransferKind;
import org.timebank.ledger.TransferResult;

/**
 * Requests for hours. A request waits until the payer pays it (a transfer of kind {@code request},
 * keyed on the request, so it is paid at most once), declines it, or it expires. A new request
 * never replaces another.
 */
public final class PgRequests {
    private static final String SELECT = """
            SELECT r.*, q.name AS requester_name, q.phone AS requester_phone, q.language AS requester_language,
                   p.name AS payer_name, p.phone AS payer_phone, p.language AS payer_language
            FROM payment_requests r JOIN members q ON q.id = r.requester_id JOIN members p ON p.id = r.payer_id""";
    private final Pool pool;
    private final PgTransfers transfers;
    private final PgOutbox outbox;

    public PgRequests(Pool pool, PgTransfers transfers, PgOutbox outbox) {
        this.pool = pool;
        this.transfers = transfers;
        this.outbox = outbox;
    }

    public Future<PaymentRequest> create(long requesterId, long payerId, long minutes, String note, String key, int expiryDays,
                                         Function<PaymentRequest, List<OutboundSms>> notice) {
        return Tx.run(pool, conn -> conn.preparedQuery("""
                        INSERT INTO payment_requests (reference, requester_id, payer_id, amount_minutes, note, idempotency_key, expires_at)
                        VALUES (ledger_new_reference(), $1, $2, $3, $4, $5, now() + make_interval(days => $6))
                        ON CONFLICT (idempotency_key) DO NOTHING RETURNING id""")
                .execute(Tuple.of(requesterId, payerId, minutes, note, key, expiryDays))
                .compose(rows -> {
                    boolean created = rows.size() == 1;
                    return byKey(conn, key).compose(r -> created
                            ? outbox.enqueue(conn, notice.apply(r)).map(r) : Future.succeededFuture(r));
                }));
    }

    public Future<List<PaymentRequest>> waiting(long payerId) {
        return pool.preparedQuery(SELECT + " WHERE r.payer_id = $1 AND r.status = 'waiting' AND r.expires_at > now()"
                        + " AND q.status NOT IN ('suspended', 'erased') ORDER BY r.id")
                .execute(Tuple.of(payerId)).map(PgRequests::list);
    }

    public Future<TransferResult> pay(long requestId, long payerId, Notices notices) {
        return Tx.run(pool, conn -> conn.preparedQuery(SELECT + " WHERE r.id = $1 AND r.payer_id = $2 FOR UPDATE OF r")
                .execute(Tuple.of(requestId, payerId))
                .compose(rows -> {
                    if (rows.size() == 0) return Future.succeededFuture(TransferResult.refused(Refusal.REQUEST_NOT_WAITING));
                    Row r = rows.iterator().next();
                    String key = "request:" + requestId;
                    boolean waiting = "waiting".equals(r.getString("status")) && r.getOffsetDateTime("expires_at").toInstant().isAfter(java.time.Instant.now());
                    if (!waiting && !"paid".equals(r.getString("status"))) {
                        return Future.succeededFuture(TransferResult.refused(Refusal.REQUEST_NOT_WAITING));
                    }
                    TransferCommand pay = new TransferCommand(TransferKind.REQUEST, AccountRef.member(payerId),
                            AccountRef.member(r.getLong("requester_id")), r.getLong("amount_minutes"), r.getString("note"), null, key,
                            "member:" + payerId);
                    return transfers.transferIn(conn, pay, null, notices).compose(result -> {
                        if (!result.ok() || result.replayed()) return Future.succeededFuture(result);
                        return conn.preparedQuery("UPDATE payment_requests SET status = 'paid', transfer_id = $2, decided_at = now() WHERE id = $1")
                                .execute(Tuple.of(requestId, result.transfer().id())).map(result);
                    });
                }));
    }

    public Future<Boolean> decline(long requestId, long payerId, Function<PaymentRequest, List<OutboundSms>> notice) {
        return Tx.run(pool, conn -> conn.preparedQuery("""
                        UPDATE payment_requests SET status = 'declined', decided_at = now()
                        WHERE id = $1 AND payer_id = $2 AND status = 'waiting' RETURNING idempotency_key""")
                .execute(Tuple.of(requestId, payerId))
                .compose(rows -> {
                    if (rows.size() == 0) return Future.succeededFuture(false);
                    return byKey(conn, rows.iterator().next().getString(0))
                            .compose(r -> outbox.enqueue(conn, notice.apply(r))).map(true);
                }));
    }

    private static Future<PaymentRequest> byKey(SqlClient client, String key) {
        return client.preparedQuery(SELECT + " WHERE r.idempotency_key = $1").execute(Tuple.of(key))
                .map(rows -> list(rows).get(0));
    }

    private static List<PaymentRequest> list(Iterable<Row> rows) {
        List<PaymentRequest> list = new ArrayList<>();
        for (Row r : rows) {
            list.add(new PaymentRequest(r.getLong("id"), r.getString("reference"), r.getLong("requester_id"),
                    r.getString("requester_name"), r.getString("requester_phone"), r.getString("requester_language"),
                    r.getLong("payer_id"), r.getString("payer_name"), r.getString("payer_phone"), r.getString("payer_language"),
                    r.getLong("amount_minutes"), r.getString("note"), r.getString("status"),
                    Rows.instant(r.getOffsetDateTime("created_at")), Rows.instant(r.getOffsetDateTime("expires_at"))));
        }
        return list;
    }
}
