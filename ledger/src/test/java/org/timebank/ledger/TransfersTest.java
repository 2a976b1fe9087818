package org.timebank.ledger;

import static org.junit.jupiter.api.Assertions.*;
import static org.timebank.ledger.LedgerFixture.await;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.timebank.ledger.pg.PgLedger;

/** Ledger rules 3-6 against a real PostgreSQL. */
class TransfersTest {
    LedgerFixture f;

    @BeforeEach
    void setUp() {
        f = new LedgerFixture();
        f.org("KLN");
        f.org("NTW", 120L); // members of NTW may go 2h below zero
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void balancesSumToZeroAndNoMemberGoesBelowItsFloorAfterRandomOperations() {
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < 6; i++) members.add(f.member(i % 2 == 0 ? "KLN" : "NTW", "Member " + i));
        Random random = new Random(42);
        int refusedForBalance = 0;
        for (Member m : members) f.credit(m.org(), m.id(), 30 + random.nextInt(120));
        for (int i = 0; i < 150; i++) {
            Member a = members.get(random.nextInt(members.size()));
            Member b = members.get(random.nextInt(members.size()));
            TransferResult r = f.send(a.id(), b.id(), 1 + random.nextInt(200), "op-" + i);
            if (a.id() == b.id()) assertEquals(Refusal.SAME_ACCOUNT, r.refusal());
            if (r.refusal() == Refusal.INSUFFICIENT_BALANCE) refusedForBalance++;
            assertEquals(0, f.sumOfBalances(), "sum of balances after operation " + i);
            for (Member m : members) {
                long floor = m.org().equals("NTW") ? -120 : 0;
                assertTrue(f.balance(m.id()) >= floor, m.name() + " went below its floor");
            }
        }
        assertTrue(refusedForBalance > 0, "the random walk should have tried to overdraw at least once");
        VerifyReport report = await(f.ledger.sealer().sealPending().compose(n -> f.ledger.verifier().verify()));
        assertTrue(report.ok(), report.toString());
        assertEquals(0, report.unsealed());
    }

    @Test
    void creditLimitLetsAMemberGoBelowZeroOnlyDownToTheLimit() {
        Member a = f.member("NTW", "Ann");
        Member b = f.member("KLN", "Ben");
        assertTrue(f.send(a.id(), b.id(), 120, "k1").ok());
        assertEquals(-120, f.balance(a.id()));
        assertEquals(Refusal.INSUFFICIENT_BALANCE, f.send(a.id(), b.id(), 1, "k2").refusal());
        assertEquals(-120, f.balance(a.id()));
    }

    @Test
    void twoHundredConcurrentTransfersLeaveTheBalancesASerialRunWould() throws Exception {
        Member[] m = new Member[4];
        for (int i = 0; i < m.length; i++) {
            m[i] = f.member("KLN", "Racer " + i);
            f.credit("KLN", m[i].id(), 100);
        }
        // 200 transfers of 1-3 minutes between four members who start with 100 minutes each:
        // amounts are chosen so that some must be refused, whichever order they run in.
        record Op(int from, int to, long minutes) {}
        List<Op> ops = new ArrayList<>();
        Random random = new Random(7);
        for (int i = 0; i < 200; i++) {
            int from = i < 120 ? 0 : random.nextInt(4);
            int to = (from + 1 + random.nextInt(3)) % 4;
            ops.add(new Op(from, to, 1 + random.nextInt(3)));
        }
        // Many connections at once: separate pools on separate event loops, driven from a thread pool.
        List<PgLedger> ledgers = new ArrayList<>();
        for (int i = 0; i < 4; i++) ledgers.add(new PgLedger(f.db.pool(f.vertx, 8), new PinHasher(LedgerFixture.PEPPER), 3, 1440));
        ExecutorService exec = Executors.newFixedThreadPool(16);
        List<java.util.concurrent.Future<TransferResult>> results = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            Op op = ops.get(i);
            PgLedger l = ledgers.get(i % ledgers.size());
            String key = "race-" + i;
            results.add(exec.submit(() -> await(l.transfers().transfer(new TransferCommand(TransferKind.SEND,
                    AccountRef.member(m[op.from].id()), AccountRef.member(m[op.to].id()), op.minutes, null, null, key, "t"), Notices.NONE))));
        }
        long[] expected = {100, 100, 100, 100};
        int applied = 0;
        for (int i = 0; i < ops.size(); i++) {
            TransferResult r = results.get(i).get(60, TimeUnit.SECONDS);
            Op op = ops.get(i);
            if (r.ok()) {
                expected[op.from] -= op.minutes;
                expected[op.to] += op.minutes;
                applied++;
            } else {
                assertEquals(Refusal.INSUFFICIENT_BALANCE, r.refusal());
            }
        }
        exec.shutdown();
        for (PgLedger l : ledgers) await(l.pool().close());
        // Replaying exactly the applied transfers serially gives these balances; none is negative.
        for (int i = 0; i < m.length; i++) {
            assertEquals(expected[i], f.balance(m[i].id()), "balance of member " + i);
            assertTrue(expected[i] >= 0);
        }
        assertEquals(applied, TestDatabase.queryLong(f.db, "SELECT count(*) FROM transfers WHERE kind = 'send'"));
        assertTrue(applied < 200, "member 0 cannot afford all 120 of its transfers");
        assertEquals(0, f.sumOfBalances());
        VerifyReport report = await(f.ledger.sealer().sealPending().compose(n -> f.ledger.verifier().verify()));
        assertTrue(report.ok(), report.toString());
    }

    @Test
    void aRetryWithTheSameKeyReturnsTheFirstResultAndChangesNothing() {
        Member a = f.member("KLN", "Ann");
        Member b = f.member("KLN", "Ben");
        f.credit("KLN", a.id(), 600);
        TransferResult first = f.send(a.id(), b.id(), 90, "ussd:s1:5");
        TransferResult again = f.send(a.id(), b.id(), 90, "ussd:s1:5");
        assertTrue(first.ok() && !first.replayed());
        assertTrue(again.ok() && again.replayed());
        assertEquals(first.transfer().reference(), again.transfer().reference());
        assertEquals(510, f.balance(a.id()));
        assertEquals(90, f.balance(b.id()));
        TransferResult otherBody = f.send(a.id(), b.id(), 30, "ussd:s1:5");
        assertEquals(Refusal.KEY_REUSED, otherBody.refusal());
        assertEquals(510, f.balance(a.id()));
    }

    @Test
    void aReversalUndoesOnceAndItsRetryReturnsTheFirst() {
        Member a = f.member("KLN", "Ann");
        Member b = f.member("KLN", "Ben");
        f.credit("KLN", a.id(), 120);
        Transfer sent = f.send(a.id(), b.id(), 60, "s1").transfer();
        TransferResult rev = await(f.ledger.transfers().reverse(sent.reference(), "typo", "rev-1", "staff:admin", Notices.NONE));
        assertTrue(rev.ok() && !rev.replayed());
        assertEquals(TransferKind.REVERSAL, rev.transfer().kind());
        assertEquals(sent.reference(), rev.transfer().reverses());
        assertEquals(120, f.balance(a.id()));
        assertEquals(0, f.balance(b.id()));
        TransferResult retry = await(f.ledger.transfers().reverse(sent.reference(), "typo", "rev-1", "staff:admin", Notices.NONE));
        assertTrue(retry.replayed());
        assertEquals(rev.transfer().reference(), retry.transfer().reference());
        TransferResult second = await(f.ledger.transfers().reverse(sent.reference(), "again", "rev-2", "staff:admin", Notices.NONE));
        assertEquals(Refusal.ALREADY_REVERSED, second.refusal());
        TransferResult ofReversal = await(f.ledger.transfers().reverse(rev.transfer().reference(), "x", "rev-3", "staff:admin", Notices.NONE));
        assertEquals(Refusal.REVERSAL_OF_REVERSAL, ofReversal.refusal());
        assertEquals(Refusal.UNKNOWN_TRANSFER,
                await(f.ledger.transfers().reverse("NOPE00", "x", "rev-4", "staff:admin", Notices.NONE)).refusal());
        assertEquals(120, f.balance(a.id()));
    }

    @Test
    void refusalsAreNamedAndChangeNothing() {
        Member a = f.member("KLN", "Ann");
        Member b = f.member("KLN", "Ben");
        f.credit("KLN", a.id(), 60);
        assertEquals(Refusal.NOT_POSITIVE, f.send(a.id(), b.id(), 0, "r0").refusal());
        assertEquals(Refusal.NOT_POSITIVE, f.send(a.id(), b.id(), -5, "r1").refusal());
        assertEquals(Refusal.SAME_ACCOUNT, f.send(a.id(), a.id(), 5, "r2").refusal());
        assertEquals(Refusal.UNKNOWN_ACCOUNT, f.send(a.id(), 999_999, 5, "r3").refusal());
        assertEquals(Refusal.INSUFFICIENT_BALANCE, f.send(a.id(), b.id(), 61, "r4").refusal());
        await(f.ledger.directory().setStatus(b.id(), "active,pin_required", "suspended", "staff:t", "test"));
        assertEquals(Refusal.ACCOUNT_INACTIVE, f.send(a.id(), b.id(), 5, "r5").refusal());
        assertEquals(60, f.balance(a.id()));
        assertEquals(0, TestDatabase.queryLong(f.db, "SELECT count(*) FROM transfers WHERE kind = 'send'"));
    }

    @Test
    void transfersCannotBeUpdatedOrDeleted() {
        Member a = f.member("KLN", "Ann");
        f.credit("KLN", a.id(), 60);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TestDatabase.exec(f.db, "UPDATE transfers SET amount_minutes = 1"));
        assertTrue(e.getMessage().contains("append-only"));
        assertThrows(IllegalStateException.class, () -> TestDatabase.exec(f.db, "DELETE FROM transfers"));
    }
}
