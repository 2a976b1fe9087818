package org.timebank.ledger;

import static org.junit.jupiter.api.Assertions.*;
import static org.timebank.ledger.LedgerFixture.await;

import io.vertx.core.Future;
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

    /** A receipt to the sender for every transfer made, keyed on the transfer. */
    private static final Notices RECEIPT = p -> List.of(new OutboundSms(p.from().phone(), p.from().memberId(),
            "Sent " + p.transfer().amountMinutes() + " min, ref " + p.transfer().reference() + ", balance " + p.from().balanceAfterMinutes(),
            OutboundSms.Purpose.RECEIPT, "receipt:" + p.transfer().reference()));

    private Future<TransferResult> sendAsync(Member from, Member to, long minutes, String key, Notices notices) {
        return f.ledger.transfers().transfer(new TransferCommand(TransferKind.SEND, AccountRef.member(from.id()), AccountRef.member(to.id()),
                minutes, null, null, key, "member:" + from.id()), notices);
    }

    @Test
    void transfersArrivingWhileOthersAreInTheDatabaseGoTogetherEachWithItsOwnOutcomeAndReceipts() {
        Member[] m = new Member[10];
        for (int i = 0; i < m.length; i++) {
            m[i] = f.member("KLN", "Pair " + i);
            if (i % 2 == 0) f.credit("KLN", m[i].id(), 100);
        }
        // 24 at once: the first go alone, the rest wait for them and go together
        List<Future<TransferResult>> sent = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            int pair = i == 23 ? 0 : i % 5;
            String key = i == 23 ? "together-0" : "together-" + i; // the last repeats the first
            long minutes = i == 22 ? 1_000 : i == 23 ? 1 : 1 + i;     // more than the payer has; the first's amount
            sent.add(sendAsync(m[pair * 2], m[pair * 2 + 1], minutes, key, RECEIPT));
        }
        await(Future.join(new ArrayList<>(sent)));
        long[] expected = new long[m.length];
        for (int i = 0; i < m.length; i += 2) expected[i] = 100;
        for (int i = 0; i < 22; i++) {
            TransferResult r = sent.get(i).result();
            assertTrue(r.ok() && !r.replayed(), "transfer " + i + ": " + r);
            int pair = i % 5;
            expected[pair * 2] -= 1 + i;
            expected[pair * 2 + 1] += 1 + i;
        }
        for (int i = 0; i < 22; i++) {
            long finalBalance = expected[i % 5 * 2];
            assertTrue(sent.get(i).result().fromBalanceMinutes() >= finalBalance, "the payer's balance right after transfer " + i);
        }
        // each answers the payer's balance just after it: replayed in the order they were made (a
        // pair's transfers are made one after another under its accounts' lock, so in id order)
        long[] running = new long[m.length];
        for (int i = 0; i < m.length; i += 2) running[i] = 100;
        List<Integer> made = new ArrayList<>();
        for (int i = 0; i < 22; i++) made.add(i);
        made.sort(java.util.Comparator.comparingLong(i -> sent.get(i).result().transfer().id()));
        for (int i : made) {
            int payer = i % 5 * 2;
            running[payer] -= 1 + i;
            assertEquals(running[payer], sent.get(i).result().fromBalanceMinutes(), "the payer's balance right after transfer " + i);
        }
        assertEquals(Refusal.INSUFFICIENT_BALANCE, sent.get(22).result().refusal());
        assertTrue(sent.get(23).result().replayed());
        assertEquals(sent.get(0).result().transfer().reference(), sent.get(23).result().transfer().reference());
        for (int i = 0; i < m.length; i++) assertEquals(expected[i], f.balance(m[i].id()), "balance of member " + i);
        assertEquals(22, TestDatabase.queryLong(f.db, "SELECT count(*) FROM transfers WHERE idempotency_key LIKE 'together-%'"));
        assertEquals(22, TestDatabase.queryLong(f.db, "SELECT count(*) FROM outbox WHERE dedupe_key LIKE 'receipt:%'"));
        // rows written in one transaction share its id (xmin): fewer transactions than transfers
        long transactions = TestDatabase.queryLong(f.db, "SELECT count(DISTINCT xmin::text) FROM transfers WHERE idempotency_key LIKE 'together-%'");
        assertTrue(transactions < 22, "22 transfers in " + transactions + " transactions");
        VerifyReport report = await(f.ledger.sealer().sealPending().compose(n -> f.ledger.verifier().verify()));
        assertTrue(report.ok(), report.toString());
    }

    @Test
    void aTransferThatFailsInsideATransactionWithOthersFailsAloneAndTheOthersAreMade() {
        Member a = f.member("KLN", "Ann");
        Member b = f.member("KLN", "Ben");
        f.credit("KLN", a.id(), 600);
        Notices broken = p -> {
            throw new IllegalStateException("no receipt text for this one");
        };
        List<Future<TransferResult>> sent = new ArrayList<>();
        for (int i = 0; i < 16; i++) sent.add(sendAsync(a, b, 10, "mixed-" + i, i == 12 ? broken : RECEIPT));
        await(Future.join(new ArrayList<>(sent)).otherwise(e -> null));
        for (int i = 0; i < 16; i++) {
            if (i == 12) {
                assertTrue(sent.get(i).failed());
                assertEquals("no receipt text for this one", sent.get(i).cause().getMessage());
            } else {
                assertTrue(sent.get(i).succeeded() && sent.get(i).result().ok(), "transfer " + i);
            }
        }
        assertEquals(600 - 15 * 10, f.balance(a.id()));
        assertEquals(0, TestDatabase.queryLong(f.db, "SELECT count(*) FROM transfers WHERE idempotency_key = 'mixed-12'"));
        assertEquals(15, TestDatabase.queryLong(f.db, "SELECT count(*) FROM outbox WHERE dedupe_key LIKE 'receipt:%'"));
        assertEquals(0, f.sumOfBalances());
    }

    @Test
    void smsConfirmationsArrivingTogetherEachMakeTheirOwnTransferOnce() {
        // more than the transactions a few may have at once, so the rest go together
        int n = 16;
        Member[] payers = new Member[n], payees = new Member[n];
        Pending[] held = new Pending[n];
        for (int i = 0; i < n; i++) {
            payers[i] = f.member("KLN", "Payer " + i);
            payees[i] = f.member("KLN", "Payee " + i);
            f.credit("KLN", payers[i].id(), 100);
            // the last one's time ran out before its PIN came
            held[i] = await(f.ledger.pending().hold(payers[i].id(), "send", payees[i].id(), null, 10 + i, null, i == n - 1 ? -1 : 300, null));
        }
        List<Future<TransferResult>> confirmed = new ArrayList<>();
        for (int i = 0; i < n; i++) confirmed.add(f.ledger.pending().confirm(held[i], RECEIPT));
        confirmed.add(f.ledger.pending().confirm(held[0], RECEIPT)); // the first PIN reply again
        await(Future.join(new ArrayList<>(confirmed)));
        for (int i = 0; i < n - 1; i++) {
            assertTrue(confirmed.get(i).result().ok(), "confirmation " + i + ": " + confirmed.get(i).result());
            assertEquals(90 - i, f.balance(payers[i].id()));
            assertEquals(10 + i, f.balance(payees[i].id()));
            assertEquals(confirmed.get(i).result().transfer().id(), TestDatabase.queryLong(f.db,
                    "SELECT transfer_id FROM sms_pending WHERE status = 'confirmed' AND id = " + held[i].id()));
        }
        assertEquals(Refusal.REQUEST_NOT_WAITING, confirmed.get(n - 1).result().refusal());
        assertEquals(100, f.balance(payers[n - 1].id()));
        assertEquals(confirmed.get(0).result().transfer().reference(), confirmed.get(n).result().transfer().reference());
        assertEquals(n - 1, TestDatabase.queryLong(f.db, "SELECT count(*) FROM transfers WHERE idempotency_key LIKE 'sms:pending:%'"));
        assertEquals(n - 1, TestDatabase.queryLong(f.db, "SELECT count(*) FROM outbox WHERE dedupe_key LIKE 'receipt:%'"));
        long transactions = TestDatabase.queryLong(f.db, "SELECT count(DISTINCT xmin::text) FROM transfers WHERE idempotency_key LIKE 'sms:pending:%'");
        assertTrue(transactions < n - 1, (n - 1) + " confirmations in " + transactions + " transactions");
    }

    @Test
    void aConfirmationOfAnItemReplacedOrCancelledSinceItWasReadMovesNothing() {
        Member a = f.member("KLN", "Ann");
        Member b = f.member("KLN", "Ben");
        f.credit("KLN", a.id(), 100);
        Pending first = await(f.ledger.pending().hold(a.id(), "send", b.id(), null, 10, null, 300, null));
        Pending second = await(f.ledger.pending().hold(a.id(), "send", b.id(), null, 20, null, 300, null)); // a newer SEND replaced it
        assertEquals(Refusal.REQUEST_NOT_WAITING, await(f.ledger.pending().confirm(first, RECEIPT)).refusal());
        assertEquals(100, f.balance(a.id()));
        await(f.ledger.pending().cancel(a.id()));
        assertEquals(Refusal.REQUEST_NOT_WAITING, await(f.ledger.pending().confirm(second, RECEIPT)).refusal());
        assertEquals(100, f.balance(a.id()));
        assertEquals(0, TestDatabase.queryLong(f.db, "SELECT count(*) FROM transfers WHERE idempotency_key LIKE 'sms:pending:%'"));
        assertEquals(0, TestDatabase.queryLong(f.db, "SELECT count(*) FROM outbox WHERE dedupe_key LIKE 'receipt:%'"));
        assertEquals(2, TestDatabase.queryLong(f.db, "SELECT count(*) FROM sms_pending WHERE member_id = " + a.id()
                + " AND status IN ('replaced', 'cancelled') AND transfer_id IS NULL"));
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
