package org.timebank.ledger.pg;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import org.timebank.ledger.ChainHash;
import org.timebank.ledger.VerifyReport;

/**
 * Walks the hash chain in sealing order, recomputing every hash, and rebuilds every balance from
 * the transfers (ledger rule 7). Reads in pages, so a long ledger never sits in memory.
 */
public final class LedgerVerifier {
    private static final int PAGE = 2_000;
    private final Pool pool;

    public LedgerVerifier(Pool pool) {
        this.pool = pool;
    }

    /**
     * Runs on one connection in one REPEATABLE READ, READ ONLY transaction, so the chain, the counts
     * and the balances are read from the same snapshot while transfers and sealing go on.
     */
    public Future<VerifyReport> verify() {
        return pool.withTransaction(conn -> conn.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").execute()
                .compose(v -> verifyOn(conn)));
    }

    private Future<VerifyReport> verifyOn(SqlConnection pool) {
        return walk(pool, 0, ChainHash.GENESIS, 0).compose(walk -> counts(pool).compose(c -> mismatches(pool).map(mm -> {
            VerifyReport.Break brk = walk.firstBreak();
            if (brk == null && c.transfers() != walk.sealed() + c.unsealed()) {
                brk = new VerifyReport.Break(walk.sealed() + 1, null,
                        "transfers missing from the chain: " + (c.transfers() - walk.sealed() - c.unsealed()));
            }
            boolean ok = brk == null && mm.isEmpty() && c.sum() == 0;
            return new VerifyReport(ok, c.transfers(), walk.sealed(), c.unsealed(), walk.lastHash(), c.sum(), brk, mm);
        })));
    }

    private record Walk(long sealed, String lastHash, VerifyReport.Break firstBreak) {}

    private Future<Walk> walk(SqlConnection pool, long afterSeq, String prevHash, long sealed) {
        return pool.preparedQuery("""
                        SELECT s.seq, s.prev_hash, s.hash, t.* FROM transfer_seals s JOIN transfers t ON t.id = s.transfer_id
                        WHERE s.seq > $1 ORDER BY s.seq LIMIT $2""")
                .execute(Tuple.of(afterSeq, PAGE))
                .compose(rows -> {
                    String prev = prevHash;
                    long seq = afterSeq, count = sealed;
                    for (Row r : rows) {
                        seq = r.getLong("seq");
                        count++;
                        String reason = null;
                        if (seq != count) reason = "sequence gap before seal " + seq;
                        else if (!prev.equals(r.getString("prev_hash"))) reason = "seal does not link to the previous hash";
                        else if (!ChainHash.of(ChainSealer.fields(r), prev).equals(r.getString("hash"))) {
                            reason = "transfer fields do not match their sealed hash";
                        }
                        if (reason != null) {
                            return Future.succeededFuture(new Walk(count - 1, prev,
                                    new VerifyReport.Break(seq, r.getString("reference"), reason)));
                        }
                        prev = r.getString("hash");
                    }
                    if (rows.size() < PAGE) return Future.succeededFuture(new Walk(count, prev, null));
                    return walk(pool, seq, prev, count);
                });
    }

    private record Counts(long transfers, long unsealed, long sum) {}

    private Future<Counts> counts(SqlConnection pool) {
        return pool.query("""
                        SELECT (SELECT count(*) FROM transfers),
                               (SELECT count(*) FROM unsealed_transfers),
                               (SELECT COALESCE(sum(balance_minutes), 0) FROM accounts)::bigint""")
                .execute()
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new Counts(r.getLong(0), r.getLong(1), r.getLong(2));
                });
    }

    private Future<List<VerifyReport.BalanceMismatch>> mismatches(SqlConnection pool) {
        return pool.query("""
                        WITH moves AS (
                            SELECT to_account AS account, amount_minutes AS delta FROM transfers
                            UNION ALL
                            SELECT from_account, -amount_minutes FROM transfers),
                        rebuilt AS (SELECT account, sum(delta)::bigint AS minutes FROM moves GROUP BY account)
                        SELECT a.id, a.balance_minutes, COALESCE(r.minutes, 0) AS rebuilt
                        FROM accounts a LEFT JOIN rebuilt r ON r.account = a.id
                        WHERE a.balance_minutes <> COALESCE(r.minutes, 0)
                        ORDER BY a.id LIMIT 100""")
                .execute()
                .map(rows -> {
                    List<VerifyReport.BalanceMismatch> list = new ArrayList<>();
                    for (Row r : rows) {
                        list.add(new VerifyReport.BalanceMismatch(r.getLong(0), r.getLong(1), r.getLong(2)));
                    }
                    return list;
                });
    }
}
