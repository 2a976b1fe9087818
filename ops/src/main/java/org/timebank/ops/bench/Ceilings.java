package org.timebank.ops.bench;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.VerticleBase;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

/**
 * The machine's own ceilings, measured in the same run as the scenarios so the ratios mean
 * something on a noisy machine: a bare Vert.x handler parsing the same form and answering a
 * constant {@code CON} screen on the same path, the same handler doing one {@code SELECT} through
 * the gateway's pool, and the raw SQL of one transfer through that pool.
 */
final class Ceilings {
    static final String SCREEN = "CON 1. Send hours\n2. Balance & statement\n3. Needs & offers";

    /** The bare handler (with one {@code SELECT} when {@code pool} is given), closed loop. */
    static LoadRun.Result http(Vertx vertx, io.vertx.core.http.HttpClient client, Pool pool, int concurrency, long millis) throws Exception {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        // one server per event loop, as the gateway deploys its HTTP verticle
        String deployment = Bench.await(vertx.deployVerticle(() -> new VerticleBase() {
            @Override
            public Future<?> start() {
                return vertx.createHttpServer().requestHandler(router(vertx, pool)).listen(port);
            }
        }, new DeploymentOptions().setInstances(Runtime.getRuntime().availableProcessors())));
        try {
            Traffic t = new Traffic(client, port, null);
            return Bench.await(LoadRun.closedLoop(vertx, concurrency, millis, Long.MAX_VALUE,
                    (seq, start, rec) -> t.post("/ussd/africastalking", "sessionId=c" + seq + "&serviceCode=" + Traffic.enc(Traffic.SERVICE_CODE)
                            + "&phoneNumber=" + Traffic.enc(Seed.phone(seq % 1000)) + "&networkCode=99999&text=", start, rec, 0).map(1)));
        } finally {
            Bench.await(vertx.undeploy(deployment));
        }
    }

    private static Router router(Vertx vertx, Pool pool) {
        Router r = Router.router(vertx);
        r.route().handler(BodyHandler.create(false));
        r.post("/ussd/africastalking").handler(ctx -> {
            MultiMap form = ctx.request().formAttributes();
            if (form.get("sessionId") == null || form.get("phoneNumber") == null) {
                ctx.response().setStatusCode(400).end();
                return;
            }
            if (pool == null) {
                ctx.response().putHeader("Content-Type", "text/plain").end(SCREEN);
                return;
            }
            pool.preparedQuery("SELECT id, name, language FROM members WHERE phone = $1").execute(Tuple.of(form.get("phoneNumber")))
                    .onSuccess(rows -> ctx.response().putHeader("Content-Type", "text/plain").end(SCREEN))
                    .onFailure(e -> ctx.response().setStatusCode(500).end());
        });
        return r;
    }

    /** One transfer's SQL (the ledger's own function, in a transaction) between two seeded members, closed loop. */
    static LoadRun.Result transfer(Vertx vertx, Pool pool, int members, int concurrency, long millis) throws Exception {
        return Bench.await(LoadRun.closedLoop(vertx, concurrency, millis, Long.MAX_VALUE, (seq, start, rec) -> {
            long a = seq % (members / 2) * 2, b = a + 1;
            return pool.withTransaction(conn -> conn.preparedQuery("SELECT * FROM ledger_post_transfer($1, 'h', 'send', "
                            + "ledger_account('member', (SELECT id::text FROM members WHERE phone = $2)), "
                            + "ledger_account('member', (SELECT id::text FROM members WHERE phone = $3)), 1, NULL, NULL, NULL, 'bench')")
                    .execute(Tuple.of("bench-sql-" + seq + "-" + start, Seed.phone(b), Seed.phone(a))))
                    .map(rows -> {
                        rec.recordValue(Math.max(1, (System.nanoTime() - start) / 1_000));
                        return 1;
                    });
        }));
    }

    private Ceilings() {}
}
