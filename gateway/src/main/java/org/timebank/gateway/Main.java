package org.timebank.gateway;

import io.vertx.core.Vertx;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.timebank.ledger.VerifyReport;
import org.timebank.ledger.pg.Database;
import org.timebank.gateway.api.JsonViews;
import org.timebank.ledger.pg.LedgerVerifier;

/**
 * {@code java -jar timebank-gateway.jar [serve]} runs the gateway until SIGTERM;
 * {@code java -jar timebank-gateway.jar verify} walks the ledger's hash chain and rebuilds its
 * balances against the configured database, prints the report and exits 0 only if it holds.
 * Bad configuration: one line on stderr naming the variable, exit 2.
 */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {}

    public static void main(String[] args) {
        String command = args.length == 0 ? "serve" : args[0];
        if ("verify".equals(command)) {
            try {
                System.exit(verify(System.getenv("DATABASE_URL"), java.nio.file.Path.of(
                        System.getenv().getOrDefault("DATA_DIR", "./data"))));
            } catch (Exception e) {
                System.err.println("timebank-gateway: verify could not run: " + rootMessage(e));
                System.exit(2);
            }
            return;
        }
        Config config;
        try {
            config = Config.fromEnv(System.getenv());
        } catch (Config.ConfigException e) {
            System.err.println("timebank-gateway: configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        try {
            switch (command) {
                case "serve" -> serve(config);
                default -> {
                    System.err.println("timebank-gateway: unknown command '" + command + "' (use serve or verify)");
                    System.exit(2);
                }
            }
        } catch (Exception e) {
            if (rootCause(e) instanceof java.net.BindException) {
                System.err.println("timebank-gateway: configuration error: PORT " + config.port() + " is already in use");
                System.exit(2);
            }
            System.err.println("timebank-gateway: could not start: " + rootMessage(e));
            LOG.debug("start failure", e);
            System.exit(1);
        }
    }

    private static void serve(Config config) throws Exception {
        Gateway gateway = Gateway.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("stopping: finishing requests in flight, then closing the database");
            gateway.close();
            stopped.countDown();
        }, "shutdown"));
        LOG.info("Time Consortium Gateway listening on http://localhost:{} ({})", gateway.port(), config);
        LOG.info("Database: {}", gateway.database());
        LOG.info("Event loops on {}", gateway.vertx().isNativeTransportEnabled() ? "epoll" : "Java NIO (epoll unavailable here)");
        for (String note : gateway.startNotes()) LOG.info(note);
        if ("log".equals(config.smsProvider())) {
            LOG.info("Phone simulator: http://localhost:{}/simulator  (dial {}; SMS land in its inbox)", gateway.port(), config.ussdServiceCode());
        }
        LOG.info("Health: http://localhost:{}/health   Staff API: http://localhost:{}/api/v1/", gateway.port(), gateway.port());
        stopped.await();
    }

    /**
     * Runs verify against {@code databaseUrl}, or the embedded database in {@code dataDir} when the
     * URL is null (the gateway must be stopped then); prints the report as JSON; answers the exit
     * code: 0 when the ledger holds, 1 when it does not.
     */
    public static int verify(String databaseUrl, java.nio.file.Path dataDir) throws Exception {
        Database db = databaseUrl != null && !databaseUrl.isBlank() ? Database.external(databaseUrl) : Database.embedded(dataDir);
        Vertx vertx = Vertx.vertx();
        try {
            VerifyReport report = Gateway.await(new LedgerVerifier(db.pool(vertx, 2)).verify());
            System.out.println(JsonViews.verify(report).encodePrettily());
            return report.ok() ? 0 : 1;
        } finally {
            Gateway.await(vertx.close());
            db.close();
        }
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = rootCause(e);
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
