package org.timebank.gateway;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.timebank.gateway.api.ApiServices;
import org.timebank.gateway.sms.AfricasTalkingSender;
import org.timebank.gateway.sms.LogSender;
import org.timebank.gateway.sms.SmsInbound;
import org.timebank.gateway.sms.SmsSender;
import org.timebank.gateway.sms.SmsWebhooks;
import org.timebank.menus.sms.SmsService;
import org.timebank.gateway.sms.TwilioSender;
import org.timebank.gateway.sms.OutboxDispatcher;
import org.timebank.gateway.staff.PasswordHasher;
import org.timebank.gateway.staff.Staff;
import org.timebank.gateway.staff.StaffStore;
import org.timebank.ledger.Phones;
import org.timebank.ledger.PinHasher;
import org.timebank.ledger.pg.Database;
import org.timebank.ledger.pg.PgInbound;
import org.timebank.ledger.pg.PgLedger;
import org.timebank.ledger.pg.PgMemberLedger;
import org.timebank.gateway.ussd.AfricasTalkingUssd;
import org.timebank.gateway.ussd.UssdHops;
import org.timebank.gateway.ussd.UssdSessionStore;
import org.timebank.menus.ussd.UssdEngine;
import org.timebank.menus.ussd.UssdSettings;
import org.timebank.menus.MemberNotices;
import org.timebank.sms.Texts;

/**
 * Wires the gateway together and runs it: the database (embedded or external) and its migrations,
 * the ledger, the first admin, the demo seed, the HTTP server and the background steps (chain
 * sealing, the outbox dispatcher). No logic of its own beyond the order of start and stop.
 */
public final class Gateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
    static final int STAFF_PASSWORD_ITERATIONS = 210_000;

    private final Config config;
    private final Database database;
    private final Vertx vertx;
    private final PgLedger ledger;
    private final HttpVerticle http;
    private final OutboxDispatcher dispatcher;
    private final List<Long> timers = new ArrayList<>();
    private final List<String> startNotes = new ArrayList<>();

    private Gateway(Config config, Database database, Vertx vertx, PgLedger ledger, HttpVerticle http, OutboxDispatcher dispatcher) {
        this.config = config;
        this.database = database;
        this.vertx = vertx;
        this.ledger = ledger;
        this.http = http;
        this.dispatcher = dispatcher;
    }

    /** Starts everything and answers once the HTTP server listens. Blocking; call from a plain thread. */
    public static Gateway start(Config config) throws Exception {
        Database database = config.databaseUrl() != null ? Database.external(config.databaseUrl()) : Database.embedded(config.dataDir());
        try {
            if (config.pinPepper() == null) config = config.withPinPepper(Secrets.readOrCreate(config.dataDir().resolve("pin-pepper")));
            database.migrate();
            return wire(config, database);
        } catch (Exception | Error e) {
            database.close();
            throw e;
        }
    }

    private static Gateway wire(Config config, Database database) throws Exception {
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // one event loop per core (Vert.x's default is two): with more threads than cores, a step
        // handed to another thread (a pool connection's, the outbox dispatcher's) more often finds it
        // asleep and pays for waking it (ops/README.md, "Measuring")
        Vertx vertx = Vertx.builder()
                .with(new VertxOptions().setEventLoopPoolSize(config.eventLoops()).setPreferNativeTransport(true)
                        .setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)))
                .withMetrics(new MicrometerMetricsFactory(metrics))
                .build();
        // few connections: PostgreSQL's backends share the machine's cores, and more of them only wait
        // on each other (the log flush, locks) while their statements batch less (ops/README.md)
        Pool pool = database.pool(vertx, config.dbPoolSize());
        PgLedger ledger = new PgLedger(pool, new PinHasher(config.pinPepper()), config.pinMaxAttempts(), config.pinLockMinutes());
        Phones phones = new Phones(config.defaultRegion());
        MemberNotices notices = new MemberNotices(Texts.load(), config.ussdServiceCode());
        StaffStore staff = new StaffStore(vertx, pool, new PasswordHasher(STAFF_PASSWORD_ITERATIONS));
        PgMemberLedger members = new PgMemberLedger(ledger);
        UssdEngine engine = new UssdEngine(members, Texts.load("screens"), notices,
                new UssdSettings(config.ussdServiceCode(), config.ussdMaxChars(), 80, config.maxTransferHours() * 60L,
                        config.requestExpiryDays()), phones,
                new org.timebank.menus.Marketplace(members, Texts.load(), config.postExpiryDays()));
        // USSD session progress commits asynchronously (a crash may lose its last fraction of a second:
        // the member dials again); everything the ledger and the outbox hold commits synchronously
        Pool sessionPool = database.pool(vertx, Math.max(2, config.dbPoolSize() / 2), true);
        UssdSessionStore sessions = new UssdSessionStore(sessionPool, config.ussdSessionTimeoutSeconds(), config.ussdResumeSeconds());
        AfricasTalkingUssd ussd = new AfricasTalkingUssd(new UssdHops(engine, sessions, members), phones, config.atCallbackToken());
        SmsService smsService = new SmsService(members, Texts.load(), notices, phones,
                new SmsService.Settings(config.ussdServiceCode(), config.maxTransferHours() * 60L, config.smsPendingTimeoutSeconds(),
                        config.requestExpiryDays(), config.postExpiryDays()));
        // an inbound SMS's record commits asynchronously too (V12: the reply or transfer after it makes
        // it durable) and is one statement over arrays whose plan is the same every time: the
        // session pool's generic plans (on the ledger's pool PostgreSQL planned it again at every call)
        SmsWebhooks sms = new SmsWebhooks(new SmsInbound(pool, new PgInbound(sessionPool), smsService, ledger.outbox()), ledger.outbox(), phones,
                config.atCallbackToken(), config.publicBaseUrl(), config.twilioAuthToken());
        ApiServices api = new ApiServices(ledger, staff, notices, phones, config.timeZone());
        // one HTTP verticle per event loop, sharing the port (PORT=0: one free port, shared too)
        HttpVerticle http = new HttpVerticle(config, ledger, api, metrics, ussd, sms);
        OutboxDispatcher dispatcher = new OutboxDispatcher(vertx, ledger.outbox(), sender(vertx, config), config.smsRatePerSecond(), metrics);
        Gateway g = new Gateway(config, database, vertx, ledger, http, dispatcher);
        try {
            g.bootstrapAdmin(staff);
            if (config.demo()) g.startNotes.addAll(await(new DemoSeed(ledger, staff, notices, phones).seedIfEmpty()));
            java.util.concurrent.atomic.AtomicBoolean first = new java.util.concurrent.atomic.AtomicBoolean(true);
            await(vertx.deployVerticle(() -> first.getAndSet(false) ? http : new HttpVerticle(config, ledger, api, metrics, ussd, sms),
                    new io.vertx.core.DeploymentOptions().setInstances(config.eventLoops())));
            dispatcher.start();
            g.timers.add(vertx.setPeriodic(500, id -> ledger.sealer().sealPending()
                    .onFailure(e -> LOG.warn("sealing the hash chain failed: {}", e.getMessage()))));
            g.timers.add(vertx.setPeriodic(3_600_000, id -> staff.purgeExpiredSessions().compose(n -> sessions.purge())));
        } catch (Exception | Error e) {
            g.close();
            throw e;
        }
        return g;
    }

    /** The configured SMS provider. */
    static SmsSender sender(Vertx vertx, Config c) {
        return switch (c.smsProvider()) {
            case "africastalking" -> new AfricasTalkingSender(vertx, c.atApiBase(), c.atUsername(), c.atApiKey(), c.atSenderId());
            case "twilio" -> new TwilioSender(vertx, c.twilioApiBase(), c.twilioAccountSid(), c.twilioAuthToken(), c.twilioFrom(), c.publicBaseUrl());
            default -> new LogSender();
        };
    }

    private void bootstrapAdmin(StaffStore staff) throws Exception {
        if (await(staff.anyAdmin())) return;
        String password = config.adminPassword();
        if (password == null) {
            password = Secrets.newPassword();
            Path file = config.dataDir().resolve("admin-password");
            Secrets.write(file, password);
            startNotes.add("Staff console: sign in as 'admin' with the password in " + file.toAbsolutePath());
        } else {
            startNotes.add("Staff console: sign in as 'admin' with ADMIN_PASSWORD");
        }
        await(staff.create("admin", password, Staff.Role.ADMIN, null, null));
    }

    public int port() {
        return http.port();
    }

    /** Where the ledger lives (no password): for the start message and operators. */
    public String database() {
        return database.toString();
    }

    public PgLedger ledger() {
        return ledger;
    }

    public Vertx vertx() {
        return vertx;
    }

    public Config config() {
        return config;
    }

    /** What the start wants a person to read: how to sign in and, with DEMO, how to try it. */
    public List<String> startNotes() {
        return List.copyOf(startNotes);
    }

    /** Stops taking requests, lets in-flight work finish, then closes the pool and the database. */
    @Override
    public void close() {
        try {
            timers.forEach(vertx::cancelTimer);
            dispatcher.stop();
            await(vertx.close());
        } catch (Exception e) {
            LOG.warn("stopping the HTTP server and pool: {}", e.getMessage());
        }
        database.close();
    }

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    }
}
