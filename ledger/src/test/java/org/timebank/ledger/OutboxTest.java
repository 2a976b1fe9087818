package org.timebank.ledger;

import static org.junit.jupiter.api.Assertions.*;
import static org.timebank.ledger.LedgerFixture.await;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.timebank.ledger.pg.PgOutbox;

/** The outbox: replies before bulk, one message per reason, and nothing lost when a sender dies. */
class OutboxTest {
    LedgerFixture f;

    @BeforeEach
    void setUp() {
        f = new LedgerFixture();
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    private void enqueue(OutboundSms... messages) {
        await(f.ledger.pool().withConnection(c -> f.ledger.outbox().enqueue(c, List.of(messages))));
    }

    @Test
    void repliesAreClaimedBeforeBulkAndTheSameReasonIsWrittenOnce() {
        enqueue(new OutboundSms("+85291230001", null, "offer", OutboundSms.Purpose.BROADCAST, "b:1"),
                new OutboundSms("+85291230002", null, "reply", OutboundSms.Purpose.REPLY, "r:1"));
        enqueue(new OutboundSms("+85291230002", null, "reply again", OutboundSms.Purpose.REPLY, "r:1"));
        assertEquals(2, TestDatabase.queryLong(f.db, "SELECT count(*) FROM outbox"));
        var first = await(f.ledger.outbox().claim(1));
        assertEquals("reply", first.get(0).body());
        assertEquals("offer", await(f.ledger.outbox().claim(5)).get(0).body());
        assertTrue(await(f.ledger.outbox().claim(5)).isEmpty(), "claimed rows are not claimed again");
    }

    @Test
    void aMessageLeftSendingByADeadSenderIsQueuedOnceMoreMarkedPossiblyDuplicated() {
        enqueue(new OutboundSms("+85291230002", null, "receipt", OutboundSms.Purpose.RECEIPT, "r:2"));
        assertEquals(1, await(f.ledger.outbox().claim(5)).size());
        TestDatabase.exec(f.db, "UPDATE outbox SET updated_at = now() - interval '10 minutes'");
        assertEquals(1, await(f.ledger.outbox().recoverStale(300)));
        assertEquals(1, TestDatabase.queryLong(f.db, "SELECT count(*) FROM outbox WHERE status = 'queued' AND possibly_duplicated"));
        var again = await(f.ledger.outbox().claim(5));
        assertTrue(again.get(0).possiblyDuplicated());
        TestDatabase.exec(f.db, "UPDATE outbox SET updated_at = now() - interval '10 minutes'");
        await(f.ledger.outbox().recoverStale(300));
        assertEquals(1, TestDatabase.queryLong(f.db, "SELECT count(*) FROM outbox WHERE status = 'failed'"),
                "a second interruption is not retried: it may have gone out twice already");
    }

    @Test
    void theRequeueOfStaleRowsReadsOnlyTheRowsInSendingNotTheWholeOutbox() throws Exception {
        // an outbox as a year of broadcasts leaves it: many sent messages, a few being sent
        TestDatabase.exec(f.db, """
                INSERT INTO outbox (to_phone, body, purpose, priority, status)
                SELECT '+8529123' || lpad(g::text, 4, '0'), 'offer', 'broadcast', 1, 'sent' FROM generate_series(1, 20000) g""");
        enqueue(new OutboundSms("+85291230002", null, "receipt", OutboundSms.Purpose.RECEIPT, "r:3"));
        assertEquals(1, await(f.ledger.outbox().claim(5)).size());
        TestDatabase.exec(f.db, "ANALYZE outbox");
        try (var c = f.db.jdbcConnection(); var st = c.createStatement()) {
            st.execute("PREPARE requeue(int) AS " + PgOutbox.RECOVER_STALE);
            for (String mode : List.of("force_custom_plan", "force_generic_plan")) {
                st.execute("SET plan_cache_mode = " + mode);
                StringBuilder plan = new StringBuilder();
                try (var rs = st.executeQuery("EXPLAIN EXECUTE requeue(300)")) {
                    while (rs.next()) plan.append(rs.getString(1)).append('\n');
                }
                assertFalse(plan.toString().contains("Seq Scan"), mode + ":\n" + plan);
                assertTrue(plan.toString().contains("outbox_sending"), mode + ":\n" + plan);
            }
        }
        TestDatabase.exec(f.db, "UPDATE outbox SET updated_at = now() - interval '10 minutes' WHERE status = 'sending'");
        assertEquals(1, await(f.ledger.outbox().recoverStale(300)), "the index finds the stale row");
    }
}
