package org.timebank.ledger.pg;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One ledger command is one transaction; a deadlock, a serialization failure or a unique-key race
 * with a concurrent twin rolls it back and runs it again, at most {@link #MAX_ATTEMPTS} times.
 */
final class Tx {
    static final int MAX_ATTEMPTS = 5;
    private static final Set<String> RETRYABLE = Set.of("40001", "40P01", "23505");

    private Tx() {}

    static <T> Future<T> run(Pool pool, Function<SqlConnection, Future<T>> work) {
        return retry(() -> pool.withTransaction(work));
    }

    /**
     * Work inside a transaction that costs two round trips instead of four: {@code BEGIN} goes out
     * with the work's first statement and the work sends {@code COMMIT} with its last ones, without
     * waiting in between (the connection pipelines them).
     */
    @FunctionalInterface
    interface Pipelined<T> {
        /**
         * Issues the statements on {@code conn}; calls {@code commit} right after issuing the last
         * ones, or not at all (then {@code COMMIT} follows the answer). The returned future must fail
         * when any statement issued fails: PostgreSQL answers a {@code COMMIT} after a failed
         * statement with a rollback, not an error.
         */
        Future<T> run(SqlConnection conn, Supplier<Future<Void>> commit);
    }

    /**
     * Runs {@code work} in one transaction on one connection ({@link Pipelined}), retried as
     * {@link #run}; a failure rolls back whatever was sent.
     */
    static <T> Future<T> pipelined(Pool pool, Pipelined<T> work) {
        return retry(() -> pool.withConnection(conn -> {
            Future<Void> begin = conn.query("BEGIN").execute().mapEmpty();
            var commit = new Object() {
                Future<Void> sent;

                Future<Void> send() {
                    if (sent == null) sent = conn.query("COMMIT").execute().mapEmpty();
                    return sent;
                }
            };
            Future<T> done;
            try {
                done = work.run(conn, commit::send);
            } catch (RuntimeException e) {
                done = Future.failedFuture(e);
            }
            Future<T> worked = done;
            return Future.all(begin, worked)
                    .compose(v -> commit.send())
                    .map(v -> worked.result())
                    // after a failure PostgreSQL has already rolled back, or rolls back now; the
                    // connection goes back to the pool outside any transaction either way
                    .recover(e -> conn.query("ROLLBACK").execute().transform(r -> Future.<T>failedFuture(e)));
        }));
    }

    /** Runs {@code once} (a transaction, or one statement that is its own) again after a retryable failure. */
    static <T> Future<T> retry(Supplier<Future<T>> once) {
        return attempt(once, 1);
    }

    private static <T> Future<T> attempt(Supplier<Future<T>> once, int n) {
        return once.get().recover(e -> {
            if (n < MAX_ATTEMPTS && e instanceof PgException pg && RETRYABLE.contains(pg.getSqlState())) {
                return attempt(once, n + 1);
            }
            return Future.failedFuture(e);
        });
    }

    static boolean isUniqueViolation(Throwable e) {
        return e instanceof PgException pg && "23505".equals(pg.getSqlState());
    }
}
