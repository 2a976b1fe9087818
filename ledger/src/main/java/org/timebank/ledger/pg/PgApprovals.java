package org.timebank.ledger.pg;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.timebank.ledger.Approval;
import org.timebank.ledger.Notices;
import org.timebank.ledger.TransferCommand;
import org.timebank.ledger.TransferResult;

/**
 * Four-eyes credits: a credit above the NGO's threshold is held as an approval; a second staff
 * member (never the one who asked) approves it, which posts the credit with the request's own
 * idempotency key, so approving twice posts it once.
 */
public final class PgApprovals {
    private static final String SELECT = """
            SELECT a.*, o.code AS org, m.name AS member_name, t.reference AS transfer_reference
            FROM credit_approvals a JOIN orgs o ON o.id = a.org_id JOIN members m ON m.id = a.member_id
            LEFT JOIN transfers t ON t.id = a.transfer_id""";
    private final Pool pool;
    private final PgTransfers transfers;

    public PgApprovals(Pool pool, PgTransfers transfers) {
        this.pool = pool;
        this.transfers = transfers;
    }

    /** What asking for an approval did: the approval, or {@code keyReused} for the key with another request. */
    public record Requested(Approval approval, boolean keyReused) {}

    /** Holds a credit command (kind credit, from the NGO's issuance account) for approval. */
    public Future<Requested> request(String orgCode, long memberId, TransferCommand credit) {
        return Tx.run(pool, conn -> conn.preparedQuery("""
                        INSERT INTO credit_approvals (org_id, member_id, amount_minutes, memo, category, idempotency_key,
                                                      request_hash, requested_by)
                        SELECT id, $2, $3, $4, $5, $6, $7, $8 FROM orgs WHERE code = $1
                        ON CONFLICT (idempotency_key) DO NOTHING RETURNING id""")
                .execute(Tuple.of(orgCode, memberId, credit.amountMinutes(), credit.memo(), credit.category(),
                        credit.idempotencyKey(), credit.requestHash(), credit.actor()))
                .compose(rows -> conn.preparedQuery(SELECT + " WHERE a.idempotency_key = $1").execute(Tuple.of(credit.idempotencyKey()))
                        .map(found -> {
                            Row r = found.iterator().next();
                            return new Requested(approval(r), !r.getString("request_hash").equals(credit.requestHash()));
                        })));
    }

    /** Pending approvals, oldest first; {@code orgCode} null for all NGOs. */
    public Future<List<Approval>> pending(String orgCode) {
        return pool.preparedQuery(SELECT + " WHERE a.status = 'pending' AND ($1::text IS NULL OR o.code = $1) ORDER BY a.id")
                .execute(Tuple.of(orgCode)).map(rows -> {
                    List<Approval> list = new ArrayList<>();
                    for (Row r : rows) list.add(approval(r));
                    return list;
                });
    }

    public Future<Optional<Approval>> byKey(String idempotencyKey) {
        return pool.preparedQuery(SELECT + " WHERE a.idempotency_key = $1").execute(Tuple.of(idempotencyKey))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(approval(rows.iterator().next())));
    }

    public Future<Optional<Approval>> find(long id) {
        return find(pool, id);
    }

    private static Future<Optional<Approval>> find(SqlClient client, long id) {
        return client.preparedQuery(SELECT + " WHERE a.id = $1").execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(approval(rows.iterator().next())));
    }

    /**
     * Approves and posts the credit in one transaction. The caller has checked that the approver
     * is not the requester and may see the NGO. An approval already given answers its transfer.
     */
    public Future<TransferResult> approve(long id, String approver, Notices notices) {
        return Tx.run(pool, conn -> conn.preparedQuery("SELECT a.*, o.code AS org FROM credit_approvals a JOIN orgs o ON o.id = a.org_id"
                        + " WHERE a.id = $1 FOR UPDATE OF a")
                .execute(Tuple.of(id))
                .compose(rows -> {
                    Row a = rows.iterator().next();
                    TransferCommand credit = new TransferCommand(org.timebank.ledger.TransferKind.CREDIT,
                            org.timebank.ledger.AccountRef.issuance(a.getString("org")),
                            org.timebank.ledger.AccountRef.member(a.getLong("member_id")), a.getLong("amount_minutes"),
                            a.getString("memo"), a.getString("category"), a.getString("idempotency_key"), a.getString("requested_by"));
                    return transfers.transferIn(conn, credit, null, notices).compose(result -> {
                        if (!result.ok()) return Future.succeededFuture(result);
                        return conn.preparedQuery("""
                                        UPDATE credit_approvals SET status = 'approved', approved_by = $2, transfer_id = $3, decided_at = now()
                                        WHERE id = $1 AND status = 'pending'""")
                                .execute(Tuple.of(id, approver, result.transfer().id())).map(result);
                    });
                }));
    }

    private static Approval approval(Row r) {
        return new Approval(r.getLong("id"), r.getString("org"), r.getLong("member_id"), r.getString("member_name"),
                r.getLong("amount_minutes"), r.getString("memo"), r.getString("category"), r.getString("requested_by"),
                r.getString("status"), r.getString("approved_by"), r.getString("transfer_reference"),
                Rows.instant(r.getOffsetDateTime("created_at")));
    }
}
