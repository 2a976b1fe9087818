package org.timebank.ops;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.timebank.ledger.TestDatabase;
import org.timebank.ledger.pg.Database;

/** {@code ops/bin/ledger-verify} against an external database: it finds a transfer changed with raw SQL. */
class LedgerVerifyCommandTest {
    @Test
    void aTransferChangedBehindTheLedgersBackIsReportedWithExitCode1() throws Exception {
        Database db = TestDatabase.fresh();
        String url = db.jdbcUrl().replace("jdbc:postgresql://", "postgresql://postgres@");
        TestDatabase.exec(db, """
                INSERT INTO orgs (code, name, district) VALUES ('KLN', 'Kowloon Care', 'Kowloon City');
                INSERT INTO accounts (kind, org_id) SELECT 'issuance', id FROM orgs;
                INSERT INTO members (org_id, phone, name, language, status) SELECT id, '+85291230001', 'Ann', 'en', 'active' FROM orgs;
                INSERT INTO accounts (kind, org_id, member_id) SELECT 'member', org_id, id FROM members;
                SELECT * FROM ledger_post_transfer('k1', 'h1', 'credit', 1, 2, 60, 'one', NULL, NULL, 'test');
                SELECT * FROM ledger_post_transfer('k2', 'h2', 'credit', 1, 2, 30, 'two', NULL, NULL, 'test');
                """);
        var command = List.of(GatewayJarTest.ROOT.resolve("ops/bin/ledger-verify").toString());
        GatewayJarTest.Run clean = GatewayJarTest.run(command, Map.of("DATABASE_URL", url), 120);
        assertEquals(0, clean.exit(), clean.stdout() + clean.stderr());
        assertTrue(clean.stdout().contains("\"unsealed\" : 2"), "nothing sealed the chain yet: " + clean.stdout());

        // Seal the chain the way the gateway does, then change the first transfer behind its back.
        var vertx = io.vertx.core.Vertx.vertx();
        try {
            var pool = db.pool(vertx, 2);
            new org.timebank.ledger.pg.ChainSealer(pool).sealPending().toCompletionStage().toCompletableFuture().get();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
        String reference = queryString(db, "SELECT reference FROM transfers WHERE idempotency_key = 'k1'");
        TestDatabase.exec(db, "SET session_replication_role = replica; UPDATE transfers SET memo = 'changed' WHERE idempotency_key = 'k1'");
        GatewayJarTest.Run broken = GatewayJarTest.run(command, Map.of("DATABASE_URL", url), 120);
        assertEquals(1, broken.exit(), broken.stdout() + broken.stderr());
        assertTrue(broken.stdout().contains("\"ok\" : false"));
        assertTrue(broken.stdout().contains(reference), "the report names the changed transfer: " + broken.stdout());
    }

    private static String queryString(Database db, String sql) throws Exception {
        try (var c = db.jdbcConnection(); var s = c.createStatement(); var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
