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
