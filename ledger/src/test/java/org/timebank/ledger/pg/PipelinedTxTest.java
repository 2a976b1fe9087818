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
 * A pipelined transaction is still one transaction: everything it sent lands together or not at
 * all, even when {@code COMMIT} went out before a statement's failure came back, and its connection
 * goes back to the pool outside any transaction.
 */
class PipelinedTxTest {
    OneConnection c;
    Database db;
    Pool pool;

    @BeforeEach
    void setUp() throws Exception {
        c = new OneConnection(); // one connection: the next use gets the same one
        db = c.db;
        pool = c.pool;
        TestDatabase.exec(db, "CREATE TABLE scratch (n int PRIMARY KEY)");
    }

    @AfterEach
    void tearDown() throws Exception {
        c.close();
    }

    Future<Void> insert(io.vertx.sqlclient.SqlConnection conn, int n) {
        return conn.preparedQuery("INSERT INTO scratch (n) VALUES ($1)").execute(Tuple.of(n)).mapEmpty();
    }

    long rows() {
        return TestDatabase.queryLong(db, "SELECT count(*) FROM scratch");
    }

    <T> T await(Future<T> f) throws Exception {
        return c.await(f);
    }

    @Test
    void statementsSentWithTheCommitLandTogether() throws Exception {
        String answer = await(Tx.pipelined(pool, (conn, commit) -> insert(conn, 1)
                .compose(v -> Future.all(insert(conn, 2), insert(conn, 3), commit.get()).map("done"))));
        assertEquals("done", answer);
        assertEquals(3, rows());
    }

    @Test
    void aFailureThatReturnsAfterTheCommitWasSentRollsEverythingBack() throws Exception {
        Future<Object> f = Tx.pipelined(pool, (conn, commit) -> insert(conn, 1)
                .compose(v -> Future.all(insert(conn, 2), insert(conn, 1) /* duplicate key */, commit.get()).map(x -> null)));
        Exception e = assertThrows(Exception.class, () -> await(f));
        assertTrue(e.getMessage().contains("duplicate key"), e.getMessage());
        assertEquals(0, rows(), "the rows sent before the failing one are not committed");
        assertConnectionIsOutsideATransaction();
    }

    @Test
    void aFailureBeforeTheCommitRollsBack() throws Exception {
        Future<Object> f = Tx.pipelined(pool, (conn, commit) -> insert(conn, 1).compose(v -> {
            throw new IllegalStateException("the work gave up");
        }));
        Exception e = assertThrows(Exception.class, () -> await(f));
        assertTrue(e.getMessage().contains("the work gave up"), e.getMessage());
        assertEquals(0, rows());
        assertConnectionIsOutsideATransaction();
    }

    @Test
    void workThatNeverSendsTheCommitIsCommittedAfterItsAnswer() throws Exception {
        Integer answer = await(Tx.pipelined(pool, (conn, commit) -> insert(conn, 5).map(5)));
        assertEquals(5, answer);
        assertEquals(1, rows());
        assertConnectionIsOutsideATransaction();
    }

    @Test
    void aUniqueKeyRaceIsTriedAgainAsAWholeTransaction() throws Exception {
        int[] attempts = {0};
        Integer n = await(Tx.pipelined(pool, (conn, commit) -> {
            int attempt = ++attempts[0];
            // the first attempt collides with a row that "a concurrent twin" committed
            if (attempt == 1) TestDatabase.exec(db, "INSERT INTO scratch (n) VALUES (7)");
            return insert(conn, attempt == 1 ? 7 : 8).compose(v -> commit.get()).map(attempt);
        }));
        assertEquals(2, n);
        assertEquals(2, rows(), "the twin's row and the second attempt's");
    }

    /** With one pooled connection, an autocommitted insert is visible to another session at once. */
    void assertConnectionIsOutsideATransaction() throws Exception {
        long before = rows();
        await(pool.preparedQuery("INSERT INTO scratch (n) VALUES ($1)").execute(Tuple.of(99)));
        assertEquals(before + 1, rows());
    }
}
