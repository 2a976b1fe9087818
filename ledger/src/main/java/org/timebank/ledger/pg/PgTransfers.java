package org.timebank.ledger.pg;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.timebank.ledger.AccountRef;
import org.timebank.ledger.Notices;
import org.timebank.ledger.Page;
import org.timebank.ledger.Posted;
import org.timebank.ledger.Refusal;
import org.timebank.ledger.Transfer;
import org.timebank.ledger.TransferCommand;
import org.timebank.ledger.TransferKind;
import org.timebank.ledger.TransferResult;

/**
 * Moves hours: transfers and reversals, each one transaction in which the balances, the transfer,
 * its place in the sealing queue and the SMS it causes are written together.
 */
public final class PgTransfers {
    /**
     * One statement: the transfer (with the category of an introduction between two members when
     * {@code $13} and {@code $14} name them), then the transfer as {@code transfer_details} shows it.
     */
    private static final String POST = """
            SELECT p.outcome, p.transfer_id, p.from_balance, p.to_balance, d.*
            FROM ledger_post_transfer($1, $2, $3, ledger_account($4, $5), ledger_account($6, $7),
                                      $8, $9, COALESCE($10, ledger_introduction_category($13, $14)), $11, $12) p
            LEFT JOIN LATERAL ledger_transfer_by_id(p.transfer_id) d ON true""";

    private final Pool pool;
    private final PgOutbox outbox;

    public PgTransfers(Pool pool, PgOutbox outbox) {
        this.pool = pool;
        this.outbox = outbox;
    }

    /**
     * Posts a transfer, or answers the first result again for a key already used with the same
     * request: one transaction of two round trips ({@code BEGIN} with the transfer, the receipts with
     * {@code COMMIT}).
     */
    public Future<TransferResult> transfer(TransferCommand cmd, Notices notices) {
        if (cmd.amountMinutes() <= 0) return Future.succeededFuture(TransferResult.refused(Refusal.NOT_POSITIVE));
        return Tx.pipelined(pool, (conn, commit) -> post(conn, cmd, null, notices, done -> commit.get()));
    }

    /** The same as {@link #transfer}, inside a transaction the caller runs (e.g. a registration). */
    public Future<TransferResult> transferIn(SqlConnection conn, TransferCommand cmd, Long reversesId, Notices notices) {
        return post(conn, cmd, reversesId, notices, done -> Future.succeededFuture());
    }

    /**
     * Posts the transfer and issues its receipts; for a transfer just made, {@code alongside} then
     * issues the caller's further statements (and its {@code COMMIT}) without waiting for the
     * receipts. The answer waits for all of them.
     */
    Future<TransferResult> post(SqlConnection conn, TransferCommand cmd, Long reversesId, Notices notices,
                                Function<Transfer, Future<Void>> alongside) {
        // a transfer that follows an introduction to a post carries the post's category
        boolean byIntroduction = (cmd.kind() == TransferKind.SEND || cmd.kind() == TransferKind.REQUEST) && cmd.category() == null
                && cmd.from() instanceof AccountRef.Member && cmd.to() instanceof AccountRef.Member;
        Tuple args = Tuple.tuple()
                .addString(cmd.idempotencyKey())
                .addString(reversesId == null ? cmd.requestHash() : cmd.requestHash() + ":reverses:" + reversesId)
                .addString(cmd.kind().code())
                .addString(type(cmd.from())).addString(ref(cmd.from()))
                .addString(type(cmd.to())).addString(ref(cmd.to()))
                .addLong(cmd.amountMinutes())
                .addString(cmd.memo())
                .addString(cmd.category())
                .addLong(reversesId)
                .addString(cmd.actor())
                .addLong(byIntroduction ? ((AccountRef.Member) cmd.from()).memberId() : null)
                .addLong(byIntroduction ? ((AccountRef.Member) cmd.to()).memberId() : null);
        return conn.preparedQuery(POST).execute(args).compose(rows -> {
            Row r = rows.iterator().next();
            String outcome = r.getString("outcome");
            if ("replay".equals(outcome)) return Future.succeededFuture(TransferResult.replay(Rows.transfer(r)));
            if (!"ok".equals(outcome)) return Future.succeededFuture(TransferResult.refused(refusal(outcome)));
            Posted posted = new Posted(Rows.transfer(r), side(r, "from_", r.getLong("from_balance")), side(r, "to_", r.getLong("to_balance")));
            Future<Void> receipts = outbox.enqueue(conn, notices.forTransfer(posted));
            Future<Void> more = alongside.apply(posted.transfer());
            return Future.all(receipts, more).map(v -> TransferResult.done(posted.transfer(), posted.from().balanceAfterMinutes()));
        });
    }

    /**
     * Undoes a transfer with a new one in the other direction (ledger rule 6). A transfer is reversed
     * once; a reversal is not reversed. The same key again answers the first reversal.
     */
    public Future<TransferResult> reverse(String reference, String reason, String idempotencyKey, String actor, Notices notices) {
        return Tx.run(pool, conn -> conn.preparedQuery(
                        "SELECT id, kind, from_account, to_account, amount_minutes, category FROM transfers WHERE reference = $1")
                .execute(Tuple.of(reference))
                .compose(rows -> {
                    if (rows.size() == 0) return Future.succeededFuture(TransferResult.refused(Refusal.UNKNOWN_TRANSFER));
                    Row o = rows.iterator().next();
                    if ("reversal".equals(o.getString("kind"))) {
                        return Future.succeededFuture(TransferResult.refused(Refusal.REVERSAL_OF_REVERSAL));
                    }
                    TransferCommand cmd = new TransferCommand(TransferKind.REVERSAL,
                            new AccountRef.Account(o.getLong("to_account")), new AccountRef.Account(o.getLong("from_account")),
                            o.getLong("amount_minutes"), reason, o.getString("category"), idempotencyKey, actor);
                    return transferIn(conn, cmd, o.getLong("id"), notices);
                }));
    }

    /** Whether a transfer with this idempotency key exists. */
    public Future<Boolean> keyUsed(String idempotencyKey) {
        return pool.preparedQuery("SELECT 1 FROM transfers WHERE idempotency_key = $1").execute(Tuple.of(idempotencyKey))
                .map(rows -> rows.size() > 0);
    }

    public Future<Optional<Transfer>> byReference(String reference) {
        return pool.preparedQuery("SELECT * FROM ledger_transfer_by_reference($1)")
                .execute(Tuple.of(reference))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(Rows.transfer(rows.iterator().next())));
    }

    /** Filters for {@link #list}; every field may be null. */
    public record Query(Long memberId, String org, Instant since, Instant until, int page, int size) {}

    /** Transfers newest first. {@code org} keeps those with that NGO on either side. */
    public Future<Page<Transfer>> list(Query q) {
        String where = """
                WHERE ($1::bigint IS NULL OR from_member = $1 OR to_member = $1)
                  AND ($2::text IS NULL OR from_org = $2 OR to_org = $2)
                  AND ($3::timestamptz IS NULL OR created_at >= $3)
                  AND ($4::timestamptz IS NULL OR created_at < $4)""";
        Tuple args = Tuple.of(q.memberId(), q.org(), utc(q.since()), utc(q.until()));
        Future<Long> total = pool.preparedQuery("SELECT count(*) FROM transfer_details " + where)
                .execute(args).map(rows -> rows.iterator().next().getLong(0));
        Future<List<Transfer>> items = pool.preparedQuery("SELECT * FROM transfer_details " + where
                        + " ORDER BY id DESC LIMIT $5 OFFSET $6")
                .execute(Tuple.of(q.memberId(), q.org(), utc(q.since()), utc(q.until()), q.size(), (long) (q.page() - 1) * q.size()))
                .map(rows -> {
                    List<Transfer> list = new ArrayList<>();
                    for (Row r : rows) list.add(Rows.transfer(r));
                    return list;
                });
        return Future.all(total, items).map(v -> new Page<>(items.result(), total.result()));
    }

    /** The last movements of a member's account, newest first. */
    public Future<List<Transfer>> recentForMember(long memberId, int limit) {
        return list(new Query(memberId, null, null, null, 1, limit)).map(Page::items);
    }

    private static Posted.Side side(Row r, String prefix, Long balance) {
        return new Posted.Side(r.getLong(prefix + "member"), r.getString(prefix + "member_phone"),
                r.getString(prefix + "member_name"), r.getString(prefix + "member_language"), balance == null ? 0 : balance);
    }

    private static OffsetDateTime utc(Instant t) {
        return t == null ? null : t.atOffset(ZoneOffset.UTC);
    }

    private static Refusal refusal(String outcome) {
        return Refusal.valueOf(outcome.toUpperCase(Locale.ROOT));
    }

    private static String type(AccountRef a) {
        if (a instanceof AccountRef.Member) return "member";
        if (a instanceof AccountRef.Issuance) return "issuance";
        if (a instanceof AccountRef.Account) return "account";
        return "fund";
    }

    private static String ref(AccountRef a) {
        if (a instanceof AccountRef.Member m) return Long.toString(m.memberId());
        if (a instanceof AccountRef.Issuance i) return i.orgCode();
        if (a instanceof AccountRef.Account acc) return Long.toString(acc.accountId());
        return ((AccountRef.Fund) a).fundCode();
    }
}
