package org.timebank.ops.bench;

import io.vertx.sqlclient.Tuple;
import org.timebank.gateway.Gateway;
import org.timebank.ledger.PinHasher;

/**
 * The benchmark's members: one NGO ({@code BENCH}), members numbered from 0 with the phone
 * {@link #phone(long)}, all with the PIN {@link #PIN} and 10 hours credited through the ledger's own
 * transfer function (so the hash chain and the verifier see ordinary transfers). Members
 * {@code [0, english)} speak English and carry the USSD and SMS scenarios; the next {@code swahili}
 * speak Kiswahili and are the segment of the Twilio broadcast.
 */
final class Seed {
    static final String PIN = "2468";

    static String local(long i) {
        return String.format("9%07d", 1_000_000 + i);
    }

    static String phone(long i) {
        return "+852" + local(i);
    }

    static void members(Gateway g, int english, int swahili) throws Exception {
        String hash = new PinHasher(g.config().pinPepper()).hash(PIN);
        var pool = g.ledger().pool();
        Bench.await(pool.query("INSERT INTO orgs (code, name, district, contact) VALUES ('BENCH', 'Bench NGO', 'Bench', '0') "
                + "ON CONFLICT (code) DO NOTHING").execute());
        Bench.await(pool.query("INSERT INTO accounts (kind, org_id) SELECT 'issuance', id FROM orgs WHERE code = 'BENCH' "
                + "ON CONFLICT DO NOTHING").execute());
        Bench.await(pool.preparedQuery("""
                        INSERT INTO members (org_id, phone, name, language, status, pin_hash)
                        SELECT (SELECT id FROM orgs WHERE code = 'BENCH'), '+852' || (91000000 + i)::text, 'Member ' || i,
                               CASE WHEN i < $1::int THEN 'en' ELSE 'sw' END, 'active', $3
                        FROM generate_series(0, $1::int + $2::int - 1) i ON CONFLICT (phone) DO NOTHING""").execute(Tuple.of(english, swahili, hash)));
        Bench.await(pool.query("""
                        INSERT INTO accounts (kind, org_id, member_id) SELECT 'member', m.org_id, m.id FROM members m
                        WHERE NOT EXISTS (SELECT 1 FROM accounts a WHERE a.member_id = m.id)""").execute());
        // in batches: one statement crediting every member would update the issuance account's row
        // 100,000 times in one transaction, each new version slower to reach than the last
        long[] range = Bench.await(pool.query("SELECT min(id), max(id) FROM accounts WHERE kind = 'member'").execute()
                .map(rows -> new long[] {rows.iterator().next().getLong(0), rows.iterator().next().getLong(1)}));
        for (long from = range[0]; from <= range[1]; from += 1_000) {
            Bench.await(pool.preparedQuery("""
                            SELECT count(*) FROM accounts a
                            JOIN accounts i ON i.kind = 'issuance' JOIN orgs o ON o.id = i.org_id AND o.code = 'BENCH'
                            CROSS JOIN LATERAL ledger_post_transfer('bench-seed-' || a.id, 'seed', 'credit', i.id, a.id, 600, NULL, NULL, NULL, 'bench') t
                            WHERE a.kind = 'member' AND a.id >= $1 AND a.id < $2
                              AND NOT EXISTS (SELECT 1 FROM transfers x WHERE x.idempotency_key = 'bench-seed-' || a.id)""")
                    .execute(Tuple.of(from, from + 1_000)));
        }
        settleLedger(g);
    }

    /**
     * Seals the transfers made so far (the seed's, the transfer ceiling's) and vacuums the tables they
     * churned, so neither the background sealer nor autovacuum works through them during the next
     * measurement.
     */
    static void settleLedger(Gateway g) throws Exception {
        var pool = g.ledger().pool();
        while (Bench.await(g.ledger().sealer().sealPending()) > 0
                || Bench.await(pool.query("SELECT count(*) FROM unsealed_transfers").execute()).iterator().next().getLong(0) > 0) {
            Thread.sleep(100); // the gateway's own sealer may hold the turn
        }
        // only the seeded tables: analysing an empty table (sessions, outbox) records it as empty, and
        // the pool's cached plans then scan it sequentially while it grows
        Bench.await(pool.query("VACUUM ANALYZE members, accounts, transfers, transfer_seals, unsealed_transfers").execute());
    }

    /**
     * WAL segments a long-running server would have ready, made before a scenario (16 MB each: 3 GB,
     * under the embedded server's {@code max_wal_size} of 4 GB). A send scenario writes more than 1 GB
     * of WAL before its open loop (30 s of warm-up and three closed loops at up to 1,800 sends a
     * second): with 64 segments the open loop made new ones again, and its slowest hops lined up with
     * it ({@code --trace}: a backend on {@code IO:WalInitWrite}/{@code IO:WalInitSync}, others on
     * {@code LWLock:WALWrite}, every 2 s; {@code sms-send} at 850 sends/s: p99 53.6 ms, with 192
     * segments 31.7 ms and none of those waits).
     */
    static final int WAL_SEGMENTS_AHEAD = 192;

    /**
     * Gives a fresh cluster the WAL a server that has run a while has: segments recycled for reuse.
     * In a new cluster every 16 MB of WAL is a new file, written full of zeros and synced while the
     * WAL write lock is held, so every commit waits for it (40–50 ms every 2–3 s at the sends' half
     * rate); a server past its first checkpoints renames old segments for reuse instead. Switches
     * through {@code segments} segments ({@link #WAL_SEGMENTS_AHEAD}; a few for {@code --quick}),
     * then checkpoints, which recycles them (PostgreSQL keeps as many as the distance since the last
     * checkpoint suggests, up to {@code max_wal_size}). Answers false when the server refused
     * (an external one without the rights): the scenario then runs as it is.
     */
    static boolean recycleWalAhead(io.vertx.sqlclient.Pool pool, int segments) {
        try {
            for (int i = 0; i < segments; i++) {
                Bench.await(pool.query("SELECT pg_logical_emit_message(false, 'bench', 'segment'), pg_switch_wal()").execute());
            }
            Bench.await(pool.query("CHECKPOINT").execute());
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private Seed() {}
}
