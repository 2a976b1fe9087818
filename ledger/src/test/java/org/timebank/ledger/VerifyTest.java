package org.timebank.ledger;

import static org.junit.jupiter.api.Assertions.*;
import static org.timebank.ledger.LedgerFixture.await;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Ledger rule 7: the hash chain and rebuilt balances catch changes made behind the ledger's back. */
class VerifyTest {
    LedgerFixture f;
    Transfer victim;

    @BeforeEach
    void setUp() {
        f = new LedgerFixture();
        f.org("KLN");
        Member a = f.member("KLN", "Ann");
        Member b = f.member("KLN", "Ben");
        f.credit("KLN", a.id(), 300);
        victim = f.send(a.id(), b.id(), 60, "victim").transfer();
        f.send(a.id(), b.id(), 30, "after");
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void anUntouchedLedgerVerifies() {
        VerifyReport before = await(f.ledger.verifier().verify());
        assertTrue(before.ok(), "unsealed transfers are not a break: " + before);
        assertEquals(3, before.unsealed());
        assertEquals(3, await(f.ledger.sealer().sealPending()));
        VerifyReport after = await(f.ledger.verifier().verify());
        assertTrue(after.ok());
        assertEquals(3, after.transfers());
        assertEquals(3, after.sealed());
        assertEquals(0, after.unsealed());
        assertEquals(0, after.sumOfBalancesMinutes());
        assertEquals(64, after.lastHash().length());
    }

    @Test
    void changingOneStoredTransferWithRawSqlIsReportedAtThatTransfer() {
        await(f.ledger.sealer().sealPending());
        TestDatabase.exec(f.db, "SET session_replication_role = replica; "
                + "UPDATE transfers SET amount_minutes = 600 WHERE reference = '" + victim.reference() + "'");
        VerifyReport report = await(f.ledger.verifier().verify());
        assertFalse(report.ok());
        assertNotNull(report.firstBreak());
        assertEquals(victim.reference(), report.firstBreak().reference());
        assertFalse(report.balanceMismatches().isEmpty(), "balances no longer rebuild from the transfers");
    }

    @Test
    void verifyIsConsistentWhileTransfersAndSealingGoOn() {
        Member c = f.member("KLN", "Cat");
        f.credit("KLN", c.id(), 100_000);
        java.util.List<io.vertx.core.Future<?>> work = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            work.add(f.ledger.transfers().transfer(new TransferCommand(TransferKind.CREDIT, AccountRef.issuance("KLN"),
                    AccountRef.member(c.id()), 1, null, null, "load-" + i, "t"), Notices.NONE));
            if (i % 4 == 0) work.add(f.ledger.sealer().sealPending());
            if (i % 5 == 0) work.add(f.ledger.verifier().verify().map(r -> {
                assertTrue(r.ok(), "verify under load: " + r);
                return r;
            }));
        }
        await(io.vertx.core.Future.all(work));
    }

    @Test
    void changingAStoredBalanceIsReported() {
        await(f.ledger.sealer().sealPending());
        TestDatabase.exec(f.db, "UPDATE accounts SET balance_minutes = balance_minutes + 5 WHERE kind = 'member' AND id = "
                + "(SELECT min(id) FROM accounts WHERE kind = 'member')");
        VerifyReport report = await(f.ledger.verifier().verify());
        assertFalse(report.ok());
        assertNull(report.firstBreak());
        assertEquals(5, report.sumOfBalancesMinutes());
        assertEquals(1, report.balanceMismatches().size());
    }

    @Test
    void sealingTwiceAddsNothingAndNewTransfersExtendTheChain() {
        assertEquals(3, await(f.ledger.sealer().sealPending()));
        assertEquals(0, await(f.ledger.sealer().sealPending()));
        String tip = await(f.ledger.verifier().verify()).lastHash();
        Member c = f.member("KLN", "Cat");
        f.credit("KLN", c.id(), 10);
        assertEquals(1, await(f.ledger.sealer().sealPending()));
        VerifyReport report = await(f.ledger.verifier().verify());
        assertTrue(report.ok());
        assertNotEquals(tip, report.lastHash());
        assertEquals(tip, queryString("SELECT prev_hash FROM transfer_seals ORDER BY seq DESC LIMIT 1"));
    }

    private String queryString(String sql) {
        try (var c = f.db.jdbcConnection(); var s = c.createStatement(); var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
