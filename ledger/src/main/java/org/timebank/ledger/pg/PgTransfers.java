package org.timebank.ledger.pg;

import io.vertx.core.AsyncResult;
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
import java.util.function.Supplier;
import org.timebank.ledger.AccountRef;
import org.timebank.ledger.Notices;
import org.timebank.ledger.OutboundSms;
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

    /**
     * Several transfers in one statement, in the order given: the same function, each transfer with
     * its own outcome, {@code ord} saying whose. {@code $14} names the SMS pending item a transfer
     * confirms (null for any other): posted only while the item waits, and marked confirmed (V14).
     */
    private static final String POST_MANY = """
            SELECT u.ord, p.outcome, p.transfer_id, p.from_balance, p.to_balance, d.*
            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bigint[],
                        $9::text[], $10::text[], $11::text[], $12::bigint[], $13::bigint[], $14::bigint[]) WITH ORDINALITY
                 AS u(key, hash, kind, from_type, from_ref, to_type, to_ref, amount, memo, category, actor, intro_a, intro_b, pending, ord)
            CROSS JOIN LATERAL ledger_post_transfer(u.key, u.hash, u.kind, ledger_account(u.from_type, u.from_ref),
                 ledger_account(u.to_type, u.to_ref), u.amount, u.memo,
                 COALESCE(u.category, ledger_introduction_category(u.intro_a, u.intro_b)), NULL, u.actor, u.pending) p
            LEFT JOIN LATERAL ledger_transfer_by_id(p.transfer_id) d ON true""";

    /**
     * Every account of the transfers going together, locked in id order before any is posted: two
     * such transactions never wait for each other in a circle (each transfer alone locks its two
     * accounts in id order too).
     */
    private static final String LOCK_ACCOUNTS = """
            SELECT count(*) FROM (
                SELECT a.id FROM accounts a
                WHERE a.id IN (SELECT ledger_account(u.type, u.ref) FROM unnest($1::text[], $2::text[]) AS u(type, ref))
                ORDER BY a.id FOR UPDATE) locked""";

    /**
     * Transfer transactions in the database at once before new transfers wait to go together. More
     * than the other batchers' {@link Batcher#IN_FLIGHT}: a transaction holds its place for two round
     * trips, the JVM's work between them (the receipts) and a flush of the log, so on a busy machine
     * a place is held long, and with 2 the confirmations queued for one: the bench's open loop at
     * half the maximum (--trace) had every slow hop on the PIN hop, p50 35 ms and p99 214 ms for it
     * while the other hops' p99 stayed under 40; with 4, 21 and 100 ms; with 6, 13 and 45. The price:
     * smaller batches under a crowd, and the USSD send's maximum about a sixth lower. (Extra places for
     * small batches only kept the maximum and not the latency.) Transfers and SMS confirmations have 6
     * each, so together they can hold 12 of the pool's connections when both are busy: the rest wait
     * in the pool's queue (a transaction needs no second connection).
     */
    static final int MAX_TRANSACTIONS = 6;
    /** Transfers in one transaction, at most. */
    static final int MAX_TOGETHER = 32;

    private final Pool pool;
    private final PgOutbox outbox;
    /** A transfer to post and the receipts it causes. */
    record Submitted(TransferCommand cmd, Notices notices) {}
    private final Batcher<Submitted, AsyncResult<TransferResult>> together = new Batcher<>(MAX_TRANSACTIONS, MAX_TOGETHER, this::postTogether);

    public PgTransfers(Pool pool, PgOutbox outbox) {
        this.pool = pool;
        this.outbox = outbox;
    }

    /**
     * Posts a transfer, or answers the first result again for a key already used with the same
     * request: one transaction of two round trips ({@code BEGIN} with the transfer, the receipts with
     * {@code COMMIT}). Transfers that arrive while {@link #MAX_TRANSACTIONS} are in the database go
     * together in the next transaction (one statement, one commit, one flush of the log for all;
     * alone a transfer waits for nothing). Each keeps its own outcome and its receipts; a transaction
     * that fails is tried again one transfer at a time, so a failure is only its own transfer's.
     */
    public Future<TransferResult> transfer(TransferCommand cmd, Notices notices) {
        if (cmd.amountMinutes() <= 0) return Future.succeededFuture(TransferResult.refused(Refusal.NOT_POSITIVE));
        return together.submit(new Submitted(cmd, notices)).compose(PgTransfers::unwrap);
    }

    private Future<List<AsyncResult<TransferResult>>> postTogether(List<Submitted> batch) {
        return together(pool, batch, (conn, commit, some) -> postMany(conn, some, results -> commit.get()));
    }

    /** One unit of work over some of a batch's items, in a transaction {@link Tx#pipelined} runs. */
    @FunctionalInterface
    interface Work<I> {
        Future<List<TransferResult>> run(SqlConnection conn, Supplier<Future<Void>> commit, List<I> items);
    }

    /**
     * Runs {@code work} over the whole batch in one transaction; when that fails, runs it again for
     * each item alone, so a failure is only the failing item's. One outcome per item, in order.
     */
    static <I> Future<List<AsyncResult<TransferResult>>> together(Pool pool, List<I> batch, Work<I> work) {
        Future<List<AsyncResult<TransferResult>>> all = Tx.pipelined(pool, (conn, commit) -> work.run(conn, commit, batch)).map(results -> {
            List<AsyncResult<TransferResult>> each = new ArrayList<>(results.size());
            for (TransferResult r : results) each.add(Future.succeededFuture(r));
            return each;
        });
        if (batch.size() == 1) return all.recover(e -> Future.succeededFuture(List.of(Future.failedFuture(e))));
        return all.recover(e -> {
            List<AsyncResult<TransferResult>> each = new ArrayList<>(batch.size());
            List<Future<TransferResult>> alone = new ArrayList<>(batch.size());
            for (I item : batch) {
                Future<TransferResult> one = Tx.pipelined(pool, (conn, commit) -> work.run(conn, commit, List.of(item))).map(l -> l.get(0));
                alone.add(one);
                each.add(one);
            }
            return Future.join(alone).transform(done -> Future.succeededFuture(each));
        });
    }

    /** The outcome a {@link #together} batch answered one of its items. */
    static Future<TransferResult> unwrap(AsyncResult<TransferResult> r) {
        return r.succeeded() ? Future.succeededFuture(r.result()) : Future.failedFuture(r.cause());
    }

    /**
     * Posts the transfers in one statement (their accounts locked first, in the same round trip),
     * then issues their receipts and, without waiting for them, {@code alongside}: the caller's
     * further statements given the outcomes, ending with {@code COMMIT}. The answer waits for all.
     */
    Future<List<TransferResult>> postMany(SqlConnection conn, List<Submitted> batch, Function<List<TransferResult>, Future<Void>> alongside) {
        return post(conn, batch, null, alongside);
    }

    /**
     * {@link #postMany} for transfers that confirm SMS pending items, {@code pendingIds[i]} the item
     * of {@code batch[i]}: each posted only while its item waits for its PIN (else refused with
     * {@link Refusal#REQUEST_NOT_WAITING}) and the item marked confirmed, in the same statement.
     */
    Future<List<TransferResult>> confirmMany(SqlConnection conn, List<Submitted> batch, Long[] pendingIds,
                                             Function<List<TransferResult>, Future<Void>> alongside) {
        return post(conn, batch, pendingIds, alongside);
    }

    private Future<List<TransferResult>> post(SqlConnection conn, List<Submitted> batch, Long[] pendingIds,
                                              Function<List<TransferResult>, Future<Void>> alongside) {
        int n = batch.size();
        if (n == 0) return alongside.apply(List.of()).map(v -> List.of());
        String[] keys = new String[n], hashes = new String[n], kinds = new String[n], fromTypes = new String[n], fromRefs = new String[n],
                toTypes = new String[n], toRefs = new String[n], memos = new String[n], categories = new String[n], actors = new String[n];
        Long[] amounts = new Long[n], introA = new Long[n], introB = new Long[n];
        for (int i = 0; i < n; i++) {
            TransferCommand cmd = batch.get(i).cmd();
            keys[i] = cmd.idempotencyKey();
            hashes[i] = cmd.requestHash();
            kinds[i] = cmd.kind().code();
            fromTypes[i] = type(cmd.from());
            fromRefs[i] = ref(cmd.from());
            toTypes[i] = type(cmd.to());
            toRefs[i] = ref(cmd.to());
            amounts[i] = cmd.amountMinutes();
            memos[i] = cmd.memo();
            categories[i] = cmd.category();
            actors[i] = cmd.actor();
            if (byIntroduction(cmd)) {
                introA[i] = ((AccountRef.Member) cmd.from()).memberId();
                introB[i] = ((AccountRef.Member) cmd.to()).memberId();
            }
        }
        Tuple args = Tuple.tuple().addArrayOfString(keys).addArrayOfString(hashes).addArrayOfString(kinds)
                .addArrayOfString(fromTypes).addArrayOfString(fromRefs).addArrayOfString(toTypes).addArrayOfString(toRefs)
                .addArrayOfLong(amounts).addArrayOfString(memos).addArrayOfString(categories).addArrayOfString(actors)
                .addArrayOfLong(introA).addArrayOfLong(introB);
        args.addArrayOfLong(pendingIds != null ? pendingIds : new Long[n]);
        Future<?> locked = Future.succeededFuture();
        if (n > 1) {
            String[] sideTypes = new String[2 * n], sideRefs = new String[2 * n];
            for (int i = 0; i < n; i++) {
                sideTypes[2 * i] = fromTypes[i];
                sideRefs[2 * i] = fromRefs[i];
                sideTypes[2 * i + 1] = toTypes[i];
                sideRefs[2 * i + 1] = toRefs[i];
            }
            locked = conn.preparedQuery(LOCK_ACCOUNTS).execute(Tuple.tuple().addArrayOfString(sideTypes).addArrayOfString(sideRefs));
        }
        // sent at once after the locks, without waiting for them: one round trip for both
        Future<io.vertx.sqlclient.RowSet<Row>> posted = conn.preparedQuery(POST_MANY).execute(args);
        return Future.all(locked, posted).map(v -> posted.result()).compose(rows -> {
            TransferResult[] results = new TransferResult[n];
            List<OutboundSms> receipts = new ArrayList<>();
            for (Row r : rows) {
                int i = (int) (r.getLong("ord") - 1);
                results[i] = outcome(r, batch.get(i).notices(), receipts);
            }
            for (TransferResult r : results) if (r == null) return Future.failedFuture(new IllegalStateException("a transfer without an outcome"));
            List<TransferResult> outcomes = List.of(results);
            return Future.all(outbox.enqueue(conn, receipts), alongside.apply(outcomes)).map(v -> outcomes);
        });
    }

    /** A transfer's outcome from its row; a transfer just made adds its receipts to {@code receipts}. */
    private static TransferResult outcome(Row r, Notices notices, List<OutboundSms> receipts) {
        String outcome = r.getString("outcome");
        if ("replay".equals(outcome)) return TransferResult.replay(Rows.transfer(r));
        if (!"ok".equals(outcome)) return TransferResult.refused(refusal(outcome));
        Posted posted = new Posted(Rows.transfer(r), side(r, "from_", r.getLong("from_balance")), side(r, "to_", r.getLong("to_balance")));
        receipts.addAll(notices.forTransfer(posted));
        return TransferResult.done(posted.transfer(), posted.from().balanceAfterMinutes());
    }

    /** A transfer that follows an introduction to a post carries the post's category. */
    private static boolean byIntroduction(TransferCommand cmd) {
        return (cmd.kind() == TransferKind.SEND || cmd.kind() == TransferKind.REQUEST) && cmd.category() == null
                && cmd.from() instanceof AccountRef.Member && cmd.to() instanceof AccountRef.Member;
    }

    /** The same as {@link #transfer}, inside a transaction the caller runs (e.g. a registration); its receipts too. */
    public Future<TransferResult> transferIn(SqlConnection conn, TransferCommand cmd, Long reversesId, Notices notices) {
        boolean byIntroduction = byIntroduction(cmd);
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
            List<OutboundSms> receipts = new ArrayList<>();
            TransferResult result = outcome(rows.iterator().next(), notices, receipts);
            return outbox.enqueue(conn, receipts).map(result);
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
