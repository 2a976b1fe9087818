package org.timebank.ledger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.timebank.ledger.pg.Database;

/**
 * A real PostgreSQL for tests: one embedded server per test JVM (or the server named by
 * {@code TEST_DATABASE_URL}, a {@code postgresql://} URL to a database the user may create databases
 * from), and a fresh, migrated database for each caller.
 */
public final class TestDatabase {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static EmbeddedPostgres server;

    private TestDatabase() {}

    private static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().setServerConfig("max_connections", "300").start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                } catch (IOException ignored) {
                    // the JVM is ending
                }
            }));
        }
        return server;
    }

    /** A new empty database with every migration applied. */
    public static Database fresh() {
        String name = "t" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        String external = System.getenv("TEST_DATABASE_URL");
        String url;
        if (external != null && !external.isBlank()) {
            Database admin = Database.external(external);
            exec(admin, "CREATE DATABASE " + name);
            url = external.replaceFirst("/[^/?]*(\\?.*)?$", "/" + name);
        } else {
            EmbeddedPostgres pg = server();
            try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + name);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            url = "postgresql://postgres@localhost:" + pg.getPort() + "/" + name;
        }
        Database db = Database.external(url);
        db.migrate();
        return db;
    }

    /** Runs one SQL statement over JDBC, outside the code under test. */
    public static void exec(Database db, String sql) {
        try (Connection c = db.jdbcConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads one long from a query over JDBC. */
    public static long queryLong(Database db, String sql) {
        try (Connection c = db.jdbcConnection(); Statement s = c.createStatement(); var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
