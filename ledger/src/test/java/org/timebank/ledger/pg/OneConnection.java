package org.timebank.ledger.pg;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.concurrent.TimeUnit;
import org.timebank.ledger.TestDatabase;

/**
 * A fresh migrated database and a pool of exactly one connection to it, so every statement a test
 * sends, one after the other, runs on the same PostgreSQL session.
 */
final class OneConnection implements AutoCloseable {
    final Vertx vertx = Vertx.vertx();
    final Database db = TestDatabase.fresh();
    final Pool pool = db.pool(vertx, 1);

    <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        pool.close().await(10, TimeUnit.SECONDS);
        vertx.close().await(10, TimeUnit.SECONDS);
    }
}
