package org.timebank.ledger.pg;

import static org.junit.jupiter.api.Assertions.*;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.timebank.ledger.TestDatabase;

/**
 * An SMS conversation's own records commit without waiting for the disk (V12), and only they: the
 * setting ends with their statement, so the ledger and outbox writes after them on the same
 * connection still wait.
 */
class ConversationCommitsTest {
    OneConnection c;
    Database db;
    Pool pool;

    @BeforeEach
    void setUp() throws Exception {
        c = new OneConnection(); // every statement below runs on its one connection
        db = c.db;
        pool = c.pool;
        await(pool.query("SET synchronous_commit = on").execute()); // as in production (the test server's own default is off)
    }

    @AfterEach
    void tearDown() throws Exception {
        c.close();
    }

    <T> T await(Future<T> f) throws Exception {
        return c.await(f);
    }

    String synchronousCommit() throws Exception {
        return await(pool.query("SHOW synchronous_commit").execute()).iterator().next().getString(0);
    }

    static final String RECORD = "SELECT * FROM sms_record_inbound($1, $2, $3, $4)";

    @Test
    void inboundMessagesAreRecordedOnceEachAndTheConnectionStillCommitsDurablyAfterwards() throws Exception {
        String[] providers = {"at", "at", "at"}, ids = {"m1", "m1", "m2"}, phones = {"+85291230011", "+85291230011", "+85291230012"};
        String[] bodies = {"SEND 91230012 1", "SEND 91230012 1", "****"};
        assertEquals(2, await(pool.preparedQuery(RECORD).execute(Tuple.of(providers, ids, phones, bodies))).size(),
                "the same message twice in one call is new once");
        assertEquals(0, await(pool.preparedQuery(RECORD).execute(Tuple.of(new String[] {"at"}, new String[] {"m2"},
                new String[] {"+85291230012"}, new String[] {"****"}))).size(), "and once recorded, never new again");
        assertEquals("on", synchronousCommit());
    }

    @Test
    void theAsynchronousCommitIsTheCallingTransactionsOwn() throws Exception {
        String inside = await(pool.withTransaction(conn -> conn.preparedQuery(RECORD)
                .execute(Tuple.of(new String[] {"at"}, new String[] {"m9"}, new String[] {"+85291230019"}, new String[] {"HELP"}))
                .compose(v -> conn.query("SHOW synchronous_commit").execute())
                .map(rows -> rows.iterator().next().getString(0))));
        assertEquals("off", inside);
        assertEquals("on", synchronousCommit());
        assertEquals(1, TestDatabase.queryLong(db, "SELECT count(*) FROM inbound_sms WHERE provider_message_id = 'm9'"));
    }
}
