package org.timebank.ledger.pg;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the ledger lives: an external PostgreSQL named by a {@code postgresql://} URL, or an
 * embedded one whose data stays in a folder across restarts. Runs the Flyway migrations and builds
 * the reactive pool. The password of an external server never appears in {@link #toString()}.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    private static final String EMBEDDED_DB = "timebank";

    private final String host;
    private final int port;
    private final String database;
    private final String user;
    private final String password;
    private final EmbeddedPostgres embedded;
    /** The folder of the embedded server's Unix socket, or null (TCP only). */
    private final String socketDir;

    private Database(String host, int port, String database, String user, String password, EmbeddedPostgres embedded, String socketDir) {
        this.host = host;
        this.port = port;
        this.database = database;
        this.user = user;
        this.password = password;
        this.embedded = embedded;
        this.socketDir = socketDir;
    }

    /** Parses {@code postgresql://user:pass@host:port/db}; throws IllegalArgumentException naming what is wrong. */
    public static Database external(String url) {
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a URL");
        }
        if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
            throw new IllegalArgumentException("must start with postgresql://");
        }
        if (uri.getHost() == null) throw new IllegalArgumentException("has no host");
        String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        if (path.isEmpty()) throw new IllegalArgumentException("names no database");
        String user = "postgres", password = null;
        if (uri.getRawUserInfo() != null) {
            String[] ui = uri.getRawUserInfo().split(":", 2);
            user = URLDecoder.decode(ui[0], StandardCharsets.UTF_8);
            if (ui.length > 1) password = URLDecoder.decode(ui[1], StandardCharsets.UTF_8);
        }
        return new Database(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 5432, path, user, password, null, null);
    }

    /** Starts (or restarts) an embedded PostgreSQL whose data lives in {@code dataDir/postgres}. */
    public static Database embedded(Path dataDir) throws IOException {
        Path pgDir = dataDir.toAbsolutePath().normalize().resolve("postgres");
        Files.createDirectories(dataDir);
        if (Files.exists(pgDir.resolve("PG_VERSION"))) {
            refuseIfInUse(pgDir);
            stopOrphan(pgDir);
        } else if (Files.isDirectory(pgDir)) {
            // an initdb that did not finish: start over (initdb needs an absent or empty folder)
            try (var files = Files.walk(pgDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
        // the benchmark asks for per-statement statistics (a diagnostic, off otherwise)
        if (Boolean.getBoolean("timebank.pgStatStatements")) {
            builder.setServerConfig("shared_preload_libraries", "pg_stat_statements").setServerConfig("pg_stat_statements.track", "all");
        }
        // the reactive pool talks to the embedded server over a Unix socket in its folder (see pool())
        // when the socket's path fits the system's limit (108 bytes): no TCP stack between the two
        // processes on every round trip; the migrations (JDBC) use TCP
        String socketDir = pgDir.toString().length() + "/.s.PGSQL.65535".length() < 100 ? pgDir.toString() : null;
        if (socketDir != null) builder.setServerConfig("unix_socket_directories", socketDir);
        builder
                .setDataDirectory(pgDir.toFile())
                .setCleanDataDirectory(false)
                .setServerConfig("max_connections", "200")
                // the library starts PostgreSQL with fsync off and asynchronous commits (fine for tests,
                // not for a ledger): a committed transfer must survive a power cut
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                // checkpoints every 15 minutes rather than every few hundred MB of log under load (each
                // is followed by whole-page images in the log for every page first touched again), and
                // old log segments kept for reuse up to 1 GB: a segment that has to be made new is
                // 16 MB of zeros written and synced while every commit waits (ops/README.md)
                .setServerConfig("max_wal_size", "4GB")
                .setServerConfig("min_wal_size", "1GB")
                .setServerConfig("checkpoint_timeout", "15min")
                .setServerConfig("shared_buffers", sharedBuffersMb(totalMemoryBytes()) + "MB");
        // an operator's (or the benchmark's) overrides, "name=value,name=value" (ops/README.md)
        serverConfigOverrides(System.getProperty("timebank.embeddedServerConfig", "")).forEach(builder::setServerConfig);
        EmbeddedPostgres pg = builder.start();
        try (Connection c = pg.getPostgresDatabase().getConnection()) {
            var rs = c.createStatement().executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + EMBEDDED_DB + "'");
            if (!rs.next()) c.createStatement().execute("CREATE DATABASE " + EMBEDDED_DB);
        } catch (SQLException e) {
            pg.close();
            throw new IOException("embedded PostgreSQL started but could not create its database: " + e.getMessage(), e);
        }
        return new Database("localhost", pg.getPort(), EMBEDDED_DB, "postgres", null, pg, socketDir);
    }

    /** Parses {@code "name=value,name=value"} into server settings, in order; blanks are skipped. */
    static Map<String, String> serverConfigOverrides(String spec) {
        var settings = new LinkedHashMap<String, String>();
        for (String entry : spec.split(",")) {
            if (entry.isBlank()) continue;
            int eq = entry.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("timebank.embeddedServerConfig: expected name=value, got '" + entry.strip() + "'");
            settings.put(entry.substring(0, eq).strip(), entry.substring(eq + 1).strip());
        }
        return settings;
    }

    /**
     * The embedded server's page cache: an eighth of the machine's memory, at least PostgreSQL's
     * default 128 MB and at most 1 GB. With the default, the benchmark's busy tables (USSD
     * sessions grow by hundreds of MB an hour at a busy moment) no longer fitted: backends read
     * pages back from the system's cache and wrote dirty ones out themselves at every hop
     * (ops/README.md). The log's buffers follow it (a 32nd of it, 16 MB at most).
     */
    static long sharedBuffersMb(long totalMemoryBytes) {
        long eighth = totalMemoryBytes / 8 / (1024 * 1024);
        return Math.max(128, Math.min(1024, eighth));
    }

    private static long totalMemoryBytes() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
    }

    /**
     * The embedded server holds a file lock while its JVM lives; a second process on the same
     * folder would corrupt it, so it is refused with a clear message.
     */
    private static void refuseIfInUse(Path pgDir) throws IOException {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(pgDir.resolve("epg-lock"),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE)) {
            java.nio.channels.FileLock lock = ch.tryLock();
            if (lock == null) throw new IOException("the data folder " + pgDir + " is in use by a running gateway");
            lock.release();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            throw new IOException("the data folder " + pgDir + " is in use by this process");
        }
    }

    /**
     * A PostgreSQL left running by a gateway that was killed holds the data folder; stop it so
     * this start can take the folder over.
     */
    private static void stopOrphan(Path pgDir) {
        Path pidFile = pgDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) return;
        try {
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
            ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(p -> isPostgresOn(p, pgDir)).ifPresent(p -> {
                LOG.warn("stopping an embedded PostgreSQL left running by an earlier start (pid {})", pid);
                p.destroy();
                try {
                    p.onExit().get(15, java.util.concurrent.TimeUnit.SECONDS);
                } catch (Exception e) {
                    p.destroyForcibly();
                }
            });
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not read {}: {}", pidFile, e.getMessage());
        }
    }

    /** Only a postgres process started on this very folder is ours to stop (a stale pid may be reused). */
    private static boolean isPostgresOn(ProcessHandle p, Path pgDir) {
        String command = p.info().command().orElse("");
        String args = String.join(" ", p.info().arguments().orElse(new String[0]));
        return command.endsWith("postgres") && args.contains(pgDir.toAbsolutePath().normalize().toString());
    }

    public boolean isEmbedded() {
        return embedded != null;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public Connection jdbcConnection() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        if (password != null) p.setProperty("password", password);
        return DriverManager.getConnection(jdbcUrl(), p);
    }

    /** Runs the forward-only migrations under {@code db/migration} (ledger rule 10). */
    public void migrate() {
        Flyway.configure()
                .dataSource(jdbcUrl(), user, password)
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }

    public PgConnectOptions connectOptions() {
        PgConnectOptions o = new PgConnectOptions()
                .setHost(host).setPort(port).setDatabase(database).setUser(user)
                .setCachePreparedStatements(true).setPipeliningLimit(16);
        if (password != null) o.setPassword(password);
        return o;
    }

    public Pool pool(Vertx vertx, int maxSize) {
        return pool(vertx, maxSize, false);
    }

    /**
     * A pool; with {@code sessionState} its connections commit without waiting for the WAL to reach
     * the disk ({@code synchronous_commit=off}), for state that may lose its last fraction of a second
     * in a crash (USSD session progress), never for the ledger; and they always use a statement's
     * generic plan ({@code plan_cache_mode=force_generic_plan}): its statements are key lookups and
     * batched writes over arrays, which PostgreSQL would otherwise plan again at every call.
     */
    public Pool pool(Vertx vertx, int maxSize, boolean sessionState) {
        PgConnectOptions options = connectOptions();
        // a Unix socket needs the native transport (epoll); without it, TCP
        if (socketDir != null && vertx.isNativeTransportEnabled()) options.setHost(socketDir);
        if (sessionState) options.addProperty("synchronous_commit", "off").addProperty("plan_cache_mode", "force_generic_plan");
        return PgBuilder.pool()
                .with(new PoolOptions().setMaxSize(maxSize).setMaxWaitQueueSize(10_000))
                .connectingTo(options)
                .using(vertx)
                .build();
    }

    @Override
    public void close() {
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                LOG.warn("embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
            }
        }
    }

    @Override
    public String toString() {
        return (embedded != null ? "embedded " : "") + "postgresql://" + user + "@" + host + ":" + port + "/" + database;
    }
}
