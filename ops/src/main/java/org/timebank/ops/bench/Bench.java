package org.timebank.ops.bench;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.sqlclient.Tuple;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.timebank.gateway.Config;
import org.timebank.gateway.Gateway;
import org.timebank.ledger.PinHasher;

/**
 * {@code ops/bench}: starts the gateway (embedded PostgreSQL, or DATABASE_URL), seeds members, and
 * drives it over HTTP in Africa's Talking's wire format next to ceilings measured in the same run
 * on the same machine (a bare Vert.x handler answering a constant screen, the same with one
 * SELECT, the raw transfer SQL through the same pool). Closed loops recorded with HdrHistogram;
 * writes {@code report.json} and {@code report.md} into the folder it names.
 *
 * <p>Scenarios built: {@code ussd-menu}, {@code ussd-send}, {@code sms-send}, and the PIN hash cost.
 * Not built yet: {@code broadcast}, {@code sessions}, open-loop runs at a set rate, the latency chart.
 */
public final class Bench {
    static final String PIN = "2468";

    record Options(boolean quick, String scenario, Path out) {
        long millis() {
            return quick ? 2_000 : 20_000;
        }

        int members() {
            return quick ? 2_000 : 20_000;
        }

        boolean wants(String name) {
            return scenario == null || scenario.equals(name);
        }
    }

    public static void main(String[] args) throws Exception {
        boolean quick = false;
        String scenario = null;
        Path out = Path.of("bench-results", Instant.now().toString().replace(':', '-'));
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--scenario" -> scenario = args[++i];
                case "--out" -> out = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: ops/bench [--quick] [--scenario ussd-menu|ussd-send|sms-send|pin-hash] [--out DIR]");
                    System.exit(2);
                }
            }
        }
        JsonObject report = run(new Options(quick, scenario, out));
        System.out.println(report.encodePrettily());
        System.exit(0);
    }

    public static JsonObject run(Options o) throws Exception {
        Files.createDirectories(o.out());
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("PORT", "0");
        env.putIfAbsent("DATA_DIR", Files.createTempDirectory("bench-data").toString());
        env.put("SMS_PROVIDER", "log");
        env.put("SMS_RATE_PER_SECOND", "10000");
        env.remove("AT_CALLBACK_TOKEN");
        env.remove("DEMO");
        Vertx load = Vertx.vertx();
        try (Gateway gateway = Gateway.start(Config.fromEnv(env))) {
            int members = seed(gateway, o.members());
            HttpClient http = load.createHttpClient(new HttpClientOptions().setKeepAlive(true).setPipelining(false),
                    new PoolOptions().setHttp1MaxSize(64));
            String base = "http://localhost:" + gateway.port();
            JsonObject ceilings = new JsonObject();
            JsonArray scenarios = new JsonArray();
            int concurrency = 32;
            double select = 0, transfer = 0;
            if (o.wants("ussd-menu") || o.wants("ussd-send") || o.wants("sms-send")) {
                LoadRun.Result bare = bareCeiling(load, http, o, concurrency, false, gateway);
                LoadRun.Result sel = bareCeiling(load, http, o, concurrency, true, gateway);
                LoadRun.Result sql = transferCeiling(load, gateway, o, members);
                select = sel.unitsPerSecond();
                transfer = sql.unitsPerSecond();
                ceilings.put("bareHttpPerSecond", round(bare.unitsPerSecond())).put("selectHttpPerSecond", round(select))
                        .put("transferSqlPerSecond", round(transfer));
            }
            if (o.wants("ussd-menu")) {
                LoadRun.Result r = await(LoadRun.closedLoop(load, concurrency, o.millis(), Long.MAX_VALUE,
                        (w, seq, rec) -> ussd(http, base, "menu-" + seq, phone(seq % members), List.of("", "1"), rec)));
                double ratio = r.hopsPerSecond() / select;
                scenarios.add(scenario("ussd-menu", r, r.hopsPerSecond(), ratio, ratio >= 0.5 && r.hopsPerSecond() >= 10_000, "hops/s"));
            }
            if (o.wants("ussd-send")) {
                LoadRun.Result r = await(LoadRun.closedLoop(load, concurrency, o.millis(), members / 2, (w, seq, rec) -> ussd(http, base,
                        "send-" + seq, phone(seq * 2), List.of("", "1", local(seq * 2 + 1), "0.25", PIN), rec)));
                double ratio = r.unitsPerSecond() / transfer;
                scenarios.add(scenario("ussd-send", r, r.unitsPerSecond(), ratio, ratio >= 0.2 && r.unitsPerSecond() >= 1_000 && r.errors() == 0, "sends/s"));
            }
            if (o.wants("sms-send")) {
                LoadRun.Result r = await(LoadRun.closedLoop(load, concurrency, o.millis(), members / 2, (w, seq, rec) ->
                        sms(http, base, phone(seq * 2 + 1), "SEND " + local(seq * 2) + " 0.25", rec)
                                .compose(v -> sms(http, base, phone(seq * 2 + 1), PIN, rec)).map(2)));
                double ratio = r.unitsPerSecond() / transfer;
                scenarios.add(scenario("sms-send", r, r.unitsPerSecond(), ratio, ratio >= 0.2 && r.unitsPerSecond() >= 1_000 && r.errors() == 0, "sends/s"));
            }
            JsonObject pinHash = o.wants("pin-hash") || o.scenario() == null ? pinHashCost() : null;
            var v = await(gateway.ledger().sealer().sealPending().compose(n -> gateway.ledger().verifier().verify()));
            JsonObject report = new JsonObject().put("machine", machine()).put("quick", o.quick()).put("members", members)
                    .put("ceilings", ceilings).put("scenarios", scenarios).put("pinHash", pinHash)
                    .put("verifyAfter", new JsonObject().put("ok", v.ok()).put("transfers", v.transfers()))
                    .put("peakRssMb", peakRssMb()).put("notBuilt", new JsonArray().add("broadcast").add("sessions").add("open-loop rates").add("latency chart"));
            Files.writeString(o.out().resolve("report.json"), report.encodePrettily());
            Files.writeString(o.out().resolve("report.md"), markdown(report));
            return report;
        } finally {
            await(load.close());
        }
    }

    // ---------------------------------------------------------------- seeding

    static String local(long i) {
        return String.format("9%07d", 1_000_000 + i);
    }

    static String phone(long i) {
        return "+852" + local(i);
    }

    /** Members with PINs and 10 hours each, through the ledger's own transfer function. */
    static int seed(Gateway g, int n) throws Exception {
        String hash = new PinHasher(g.config().pinPepper()).hash(PIN);
        var pool = g.ledger().pool();
        await(pool.query("INSERT INTO orgs (code, name, district, contact) VALUES ('BENCH', 'Bench NGO', 'Bench', '0') "
                + "ON CONFLICT (code) DO NOTHING").execute());
        await(pool.query("INSERT INTO accounts (kind, org_id) SELECT 'issuance', id FROM orgs WHERE code = 'BENCH' "
                + "ON CONFLICT DO NOTHING").execute());
        await(pool.preparedQuery("""
                        INSERT INTO members (org_id, phone, name, language, status, pin_hash)
                        SELECT (SELECT id FROM orgs WHERE code = 'BENCH'), '+852' || (91000000 + i)::text, 'Member ' || i, 'en', 'active', $2
                        FROM generate_series(0, $1 - 1) i ON CONFLICT (phone) DO NOTHING""").execute(Tuple.of(n, hash)));
        await(pool.query("""
                        INSERT INTO accounts (kind, org_id, member_id) SELECT 'member', m.org_id, m.id FROM members m
                        WHERE NOT EXISTS (SELECT 1 FROM accounts a WHERE a.member_id = m.id)""").execute());
        await(pool.query("""
                        SELECT count(*) FROM accounts a
                        JOIN accounts i ON i.kind = 'issuance' JOIN orgs o ON o.id = i.org_id AND o.code = 'BENCH'
                        CROSS JOIN LATERAL ledger_post_transfer('bench-seed-' || a.id, 'seed', 'credit', i.id, a.id, 600, NULL, NULL, NULL, 'bench') t
                        WHERE a.kind = 'member'""").execute());
        return n;
    }

    // ---------------------------------------------------------------- traffic

    static Future<Integer> ussd(HttpClient http, String base, String session, String phone, List<String> inputs, Recorder rec) {
        Future<Integer> chain = Future.succeededFuture(0);
        List<String> typed = new ArrayList<>();
        for (String in : inputs) {
            if (!in.isEmpty()) typed.add(in);
            String text = String.join("*", typed);
            chain = chain.compose(n -> post(http, base + "/ussd/africastalking", "sessionId=" + enc(session) + "&serviceCode=" + enc("*384*123#")
                    + "&phoneNumber=" + enc(phone) + "&networkCode=99999&text=" + enc(text), rec).compose(body -> {
                        if (!body.startsWith("CON ") && !body.startsWith("END ")) return Future.failedFuture(body);
                        if (body.startsWith("END Sorry")) return Future.failedFuture(body);
                        return Future.succeededFuture(n + 1);
                    }));
        }
        return chain;
    }

    static Future<Integer> sms(HttpClient http, String base, String from, String text, Recorder rec) {
        return post(http, base + "/sms/africastalking/inbound", "from=" + enc(from) + "&to=21512&text=" + enc(text) + "&id="
                + java.util.UUID.randomUUID() + "&date=2026-11-23T06:04:45Z", rec).map(1);
    }

    static Future<String> post(HttpClient http, String url, String form, Recorder rec) {
        long t0 = System.nanoTime();
        return http.request(HttpMethod.POST, port(url), "localhost", path(url))
                .compose(req -> req.putHeader("Content-Type", "application/x-www-form-urlencoded").send(Buffer.buffer(form)))
                .compose(resp -> resp.body().map(b -> {
                    rec.recordValue(Math.max(1, (System.nanoTime() - t0) / 1_000));
                    if (resp.statusCode() != 200) throw new IllegalStateException("HTTP " + resp.statusCode());
                    return b.toString();
                }));
    }

    private static int port(String url) {
        String rest = url.substring("http://localhost:".length());
        return Integer.parseInt(rest.substring(0, rest.indexOf('/')));
    }

    private static String path(String url) {
        String rest = url.substring("http://localhost:".length());
        return rest.substring(rest.indexOf('/'));
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- ceilings

    /** A bare Vert.x handler parsing the same form and answering a constant screen (with one SELECT when asked). */
    static LoadRun.Result bareCeiling(Vertx vertx, HttpClient http, Options o, int concurrency, boolean select, Gateway g) throws Exception {
        Router r = Router.router(vertx);
        r.route().handler(BodyHandler.create(false));
        r.post("/ussd/africastalking").handler(ctx -> {
            MultiMap form = ctx.request().formAttributes();
            if (form.get("sessionId") == null) {
                ctx.response().setStatusCode(400).end();
                return;
            }
            if (!select) {
                ctx.response().putHeader("Content-Type", "text/plain").end("CON 1. Send hours\n2. Balance");
                return;
            }
            g.ledger().pool().preparedQuery("SELECT id FROM members WHERE phone = $1").execute(Tuple.of(form.get("phoneNumber")))
                    .onSuccess(rows -> ctx.response().putHeader("Content-Type", "text/plain").end("CON 1. Send hours\n2. Balance"))
                    .onFailure(e -> ctx.response().setStatusCode(500).end());
        });
        HttpServer server = await(vertx.createHttpServer().requestHandler(r).listen(0));
        try {
            String base = "http://localhost:" + server.actualPort();
            return await(LoadRun.closedLoop(vertx, concurrency, o.millis() / 2, Long.MAX_VALUE,
                    (w, seq, rec) -> post(http, base + "/ussd/africastalking", "sessionId=c" + seq + "&serviceCode=x&phoneNumber="
                            + enc(phone(seq % 100)) + "&text=", rec).map(1)));
        } finally {
            await(server.close());
        }
    }

    /** The raw SQL of one transfer, through the gateway's own pool. */
    static LoadRun.Result transferCeiling(Vertx vertx, Gateway g, Options o, int members) throws Exception {
        var pool = g.ledger().pool();
        return await(LoadRun.closedLoop(vertx, 32, o.millis() / 2, Long.MAX_VALUE, (w, seq, rec) -> {
            long t0 = System.nanoTime();
            long a = seq % (members / 2) * 2, b = a + 1;
            return pool.withTransaction(conn -> conn.preparedQuery("SELECT * FROM ledger_post_transfer($1, 'h', 'send', "
                            + "ledger_account('member', (SELECT id::text FROM members WHERE phone = $2)), "
                            + "ledger_account('member', (SELECT id::text FROM members WHERE phone = $3)), 1, NULL, NULL, NULL, 'bench')")
                    .execute(Tuple.of("bench-sql-" + seq, phone(b), phone(a))))
                    .map(rows -> {
                        rec.recordValue(Math.max(1, (System.nanoTime() - t0) / 1_000));
                        return 1;
                    });
        }));
    }

    // ---------------------------------------------------------------- PIN hash

    /** What one PIN check costs with the stored scheme (HMAC-SHA256 + pepper) and with slow hashes, on this machine. */
    static JsonObject pinHashCost() throws Exception {
        PinHasher hmac = new PinHasher("bench-pepper-0123456789abcdef");
        String stored = hmac.hash(PIN);
        int n = 50_000;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) hmac.matches(PIN, stored);
        double hmacMicros = (System.nanoTime() - t0) / 1e3 / n;
        javax.crypto.SecretKeyFactory f = javax.crypto.SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
        int m = 50;
        t0 = System.nanoTime();
        for (int i = 0; i < m; i++) f.generateSecret(new javax.crypto.spec.PBEKeySpec(PIN.toCharArray(), new byte[16], 10_000, 256));
        double pbkdf2Millis = (System.nanoTime() - t0) / 1e6 / m;
        return new JsonObject().put("hmacSha256PepperMicros", round(hmacMicros)).put("pbkdf2Sha256x10000Millis", round(pbkdf2Millis))
                .put("allPinsWithPbkdf2Seconds", round(pbkdf2Millis * 10_000 / 1000))
                .put("choice", "HMAC-SHA256 with a per-PIN salt and a secret pepper outside the database; the lockout stops online guessing");
    }

    // ---------------------------------------------------------------- report

    static JsonObject scenario(String name, LoadRun.Result r, double throughput, double ratio, boolean pass, String unit) {
        Histogram h = r.latencies();
        return new JsonObject().put("name", name).put("verdict", pass ? "PASS" : "SHORT").put("ratio", round(ratio))
                .put("throughput", round(throughput)).put("unit", unit).put("hopsPerSecond", round(r.hopsPerSecond()))
                .put("p50Ms", ms(h.getValueAtPercentile(50))).put("p95Ms", ms(h.getValueAtPercentile(95)))
                .put("p99Ms", ms(h.getValueAtPercentile(99))).put("maxMs", ms(h.getMaxValue())).put("errors", r.errors())
                .put("units", r.units()).put("seconds", round(r.seconds()));
    }

    static String markdown(JsonObject r) {
        StringBuilder s = new StringBuilder("# Benchmark report\n\n");
        s.append("Machine: ").append(r.getString("machine")).append("; members seeded: ").append(r.getInteger("members"))
                .append(r.getBoolean("quick") ? " (quick run)" : "").append("\n\n## Ceilings (same run, same machine)\n\n");
        r.getJsonObject("ceilings").forEach(e -> s.append("- ").append(e.getKey()).append(": ").append(e.getValue()).append('\n'));
        s.append("\n## Scenarios\n\n| scenario | verdict | throughput | ratio to ceiling | p50 ms | p95 ms | p99 ms | max ms | errors |\n|---|---|---|---|---|---|---|---|---|\n");
        for (Object o : r.getJsonArray("scenarios")) {
            JsonObject x = (JsonObject) o;
            s.append("| ").append(x.getString("name")).append(" | ").append(x.getString("verdict")).append(" | ").append(x.getValue("throughput"))
                    .append(' ').append(x.getString("unit")).append(" | ").append(x.getValue("ratio")).append(" | ").append(x.getValue("p50Ms"))
                    .append(" | ").append(x.getValue("p95Ms")).append(" | ").append(x.getValue("p99Ms")).append(" | ").append(x.getValue("maxMs"))
                    .append(" | ").append(x.getValue("errors")).append(" |\n");
        }
        if (r.getJsonObject("pinHash") != null) s.append("\n## PIN hash\n\n").append(r.getJsonObject("pinHash").encodePrettily()).append('\n');
        s.append("\nVerify after the run: ").append(r.getJsonObject("verifyAfter").encode()).append("\n\nPeak RSS: ").append(r.getValue("peakRssMb"))
                .append(" MB\n\nNot built yet: ").append(r.getJsonArray("notBuilt").encode()).append('\n');
        return s.toString();
    }

    static String machine() {
        return Runtime.getRuntime().availableProcessors() + " cores, Java " + Runtime.version();
    }

    static Double peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) return round(Long.parseLong(line.replaceAll("\\D+", "")) / 1024.0);
            }
        } catch (Exception ignored) {
            // not on Linux
        }
        return null;
    }

    static double ms(long micros) {
        return round(micros / 1000.0);
    }

    static double round(double d) {
        return Math.round(d * 100) / 100.0;
    }

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
    }
}
