package org.timebank.ops.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * The HTTP scenarios ({@code ussd-menu}, {@code ussd-send}, {@code sms-send}), each run twice: a
 * closed loop to find the maximum, then an open loop at half that rate for the latency the target
 * names. Throughput is compared with the ceiling of the same kind measured in the same run.
 */
final class HttpScenarios {
    private final Vertx vertx;
    private final Traffic traffic;
    private final Bench.Options o;
    private final List<LatencyChart.Panel> panels;
    private final Pool pool;

    HttpScenarios(Vertx vertx, Traffic traffic, Bench.Options o, List<LatencyChart.Panel> panels, Pool pool) {
        this.pool = pool;
        this.vertx = vertx;
        this.traffic = traffic;
        this.o = o;
        this.panels = panels;
    }

    /** What a scenario needs and is held to. */
    private record Spec(String unitName, String ceiling, double minRatio, double minPerSecond, double maxP99Ms, boolean perHop) {}

    private static Spec spec(String name) {
        return switch (name) {
            case "ussd-menu" -> new Spec("hops/s", "selectHttpPerSecond", 0.5, 10_000, 20, true);
            case "ussd-send", "sms-send" -> new Spec("sends/s", "transferSqlPerSecond", 0.2, 1_000, 50, false);
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** One unit of a scenario; {@code tag} keeps the session ids of the two runs apart. */
    private LoadRun.Unit unit(String name, String tag) {
        long pairs = o.english() / 2;
        return switch (name) {
            case "ussd-menu" -> (seq, start, rec) -> traffic.ussd(Traffic.atSessionId("menu-" + tag + seq), Seed.phone(seq % o.english()), List.of("", "1"),
                    "CON Send hours to which", start, rec);
            case "ussd-send" -> (seq, start, rec) -> {
                long a = seq % pairs * 2;
                return traffic.ussd(Traffic.atSessionId("send-" + tag + seq), Seed.phone(a), List.of("", "1", Seed.local(a + 1), "0.25", Seed.PIN),
                        "END Sent 0.25h to", start, rec);
            };
            case "sms-send" -> (seq, start, rec) -> {
                long a = seq % pairs * 2 + 1;
                return traffic.sms(Seed.phone(a), "SEND " + Seed.local(a - 1) + " 0.25", start, rec)
                        .compose(v -> traffic.sms(Seed.phone(a), Seed.PIN, System.nanoTime(), rec)).map(2);
            };
            default -> throw new IllegalArgumentException(name);
        };
    }

    JsonObject ceilings(HttpClient http, Pool pool) throws Exception {
        long millis = o.millis() / 2;
        Ceilings.http(vertx, http, pool, Bench.CONCURRENCY, o.warmUpMillis()); // warm-up, not recorded
        var bare = ClosedLoopSearch.search(o.concurrencies(), c -> clean("bare handler", Ceilings.http(vertx, http, null, c, millis)),
                LoadRun.Result::unitsPerSecond);
        var select = ClosedLoopSearch.search(o.concurrencies(), c -> clean("one SELECT", Ceilings.http(vertx, http, pool, c, millis)),
                LoadRun.Result::unitsPerSecond);
        var transfer = ClosedLoopSearch.search(o.concurrencies(), c -> clean("transfer SQL", Ceilings.transfer(vertx, pool, o.english(), c, millis)),
                LoadRun.Result::unitsPerSecond);
        LoadRun.Result bareBest = ClosedLoopSearch.best(bare).result(), selectBest = ClosedLoopSearch.best(select).result(),
                transferBest = ClosedLoopSearch.best(transfer).result();
        panels.add(new LatencyChart.Panel("ceiling: bare handler", bareBest.timeline()));
        panels.add(new LatencyChart.Panel("ceiling: one SELECT", selectBest.timeline()));
        panels.add(new LatencyChart.Panel("ceiling: transfer SQL", transferBest.timeline()));
        return new JsonObject().put("bareHttpPerSecond", Bench.round(bareBest.unitsPerSecond()))
                .put("selectHttpPerSecond", Bench.round(selectBest.unitsPerSecond()))
                .put("transferSqlPerSecond", Bench.round(transferBest.unitsPerSecond()))
                .put("transferSqlP99Ms", Bench.ms(transferBest.latencies().getValueAtPercentile(99)))
                .put("concurrencyTried", new JsonObject().put("bareHttp", tried(bare)).put("selectHttp", tried(select))
                        .put("transferSql", tried(transfer)));
    }

    /** The levels a search ran: concurrency and throughput each. */
    private static io.vertx.core.json.JsonArray tried(List<? extends ClosedLoopSearch.Tried<?>> tried) {
        io.vertx.core.json.JsonArray a = new io.vertx.core.json.JsonArray();
        for (var t : tried) a.add(new JsonObject().put("concurrency", t.concurrency()).put("perSecond", Bench.round(t.perSecond())));
        return a;
    }

    /** One closed loop at one concurrency, with the statements and the CPU it took. */
    private record AtMaximum(LoadRun.Result result, Double statementsPerUnit, MachineStats.Cpu cpuBefore, MachineStats.Cpu cpuAfter) {}

    /** A ceiling with errors would flatter every ratio: the run stops instead. */
    private static LoadRun.Result clean(String name, LoadRun.Result r) {
        if (r.errors() > 0) throw new IllegalStateException("the " + name + " ceiling had " + r.errors() + " errors: " + r.firstError());
        return r;
    }

    /** Transfers members made (the ceiling's own and the seed's excluded). */
    private long memberTransfers() throws Exception {
        return Bench.await(pool.query("SELECT count(*) FROM transfers WHERE kind = 'send' AND idempotency_key NOT LIKE 'bench-%'").execute())
                .iterator().next().getLong(0);
    }

    /** Waits until the outbox has nothing queued or being sent (at most a minute); answers the seconds waited. */
    private double drainOutbox() throws Exception {
        return untilNone("SELECT count(*) FROM outbox WHERE status IN ('queued', 'sending')");
    }

    /**
     * Waits until no autovacuum worker is running (at most a minute; answers the seconds waited): the
     * closed loop's churn (twice the open loop's rate) sets autovacuum off on the busy tables right
     * after it, and on two cores that work would land in the open loop's first seconds.
     */
    private double awaitAutovacuum() throws Exception {
        return untilNone("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'");
    }

    /** Polls {@code countQuery} every 200 ms until it answers 0, at most a minute; answers the seconds waited. */
    private double untilNone(String countQuery) throws Exception {
        long start = System.nanoTime();
        while (System.nanoTime() - start < 60_000_000_000L) {
            if (Bench.await(pool.query(countQuery).execute()).iterator().next().getLong(0) == 0) break;
            Thread.sleep(200);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** Waits (up to 10 s) until the count of member transfers stops moving, then answers it. */
    private long settledMemberTransfers() throws Exception {
        long last = -1, now = memberTransfers();
        for (int i = 0; i < 50 && now != last; i++) {
            Thread.sleep(200);
            last = now;
            now = memberTransfers();
        }
        return now;
    }

    /** The tables autovacuumed or autoanalyzed between two {@link #databaseActivity} readings, with how many times. */
    private static JsonObject tablesVacuumed(JsonObject before, JsonObject after) {
        JsonObject b = new JsonObject(before.getString("by_table")), a = new JsonObject(after.getString("by_table")), runs = new JsonObject();
        for (String table : a.fieldNames()) {
            long n = a.getLong(table) - b.getLong(table, 0L);
            if (n > 0) runs.put(table, n);
        }
        return runs;
    }

    /**
     * PostgreSQL's checkpoints and autovacuum/autoanalyze runs so far, its log's syncs, full-page
     * images and bytes ({@code pg_stat_wal}) and the buffers autovacuum workers wrote out themselves
     * ({@code pg_stat_io}; PostgreSQL 17's views, null on an older server): a latency tail that lines
     * up with them is the database's housekeeping, not the gateway.
     */
    private JsonObject databaseActivity() {
        try {
            return Bench.await(pool.query("""
                            SELECT (SELECT num_timed + num_requested FROM pg_stat_checkpointer) AS checkpoints,
                                   (SELECT coalesce(sum(autovacuum_count + autoanalyze_count), 0) FROM pg_stat_user_tables)::bigint AS autovacuums,
                                   (SELECT coalesce(json_object_agg(relname, autovacuum_count + autoanalyze_count), '{}')
                                    FROM pg_stat_user_tables WHERE autovacuum_count + autoanalyze_count > 0)::text AS by_table,
                                   (SELECT wal_sync FROM pg_stat_wal) AS wal_syncs,
                                   (SELECT wal_fpi FROM pg_stat_wal) AS wal_fpi,
                                   (SELECT wal_bytes::bigint FROM pg_stat_wal) AS wal_bytes,
                                   (SELECT coalesce(sum(writes), 0)::bigint FROM pg_stat_io WHERE backend_type = 'autovacuum worker') AS autovacuum_writes""")
                    .execute().map(rows -> rows.iterator().next().toJson()));
        } catch (Exception e) {
            return null;
        }
    }

    /** What the database did between two {@link #databaseActivity} readings. */
    private static JsonObject activityBetween(JsonObject before, JsonObject after) {
        if (before == null || after == null) return null;
        return new JsonObject()
                .put("checkpoints", after.getLong("checkpoints") - before.getLong("checkpoints"))
                .put("autovacuums", after.getLong("autovacuums") - before.getLong("autovacuums"))
                .put("autovacuumedTables", tablesVacuumed(before, after))
                .put("walSyncs", after.getLong("wal_syncs") - before.getLong("wal_syncs"))
                .put("walFullPageImages", after.getLong("wal_fpi") - before.getLong("wal_fpi"))
                .put("walMegabytes", Bench.round((after.getLong("wal_bytes") - before.getLong("wal_bytes")) / 1048576.0))
                .put("autovacuumBufferWrites", after.getLong("autovacuum_writes") - before.getLong("autovacuum_writes"));
    }

    /**
     * Statements PostgreSQL has run so far, top-level ones ({@code pg_stat_statements}, loaded for
     * the bench with the embedded server); -1 without it. Per unit of a scenario it shows how well
     * the statements batch: under the closed loop's load many requests share one.
     */
    private long statementsRun() {
        try {
            return Bench.await(pool.query("SELECT coalesce(sum(calls), 0)::bigint FROM pg_stat_statements WHERE toplevel").execute())
                    .iterator().next().getLong(0);
        } catch (Exception e) {
            return -1;
        }
    }

    private static String firstError(List<ClosedLoopSearch.Tried<AtMaximum>> levels) {
        for (var l : levels) if (l.result().result().firstError() != null) return l.result().result().firstError();
        return null;
    }

    private static Double perUnit(long before, long after, long units) {
        return before < 0 || after < 0 || units == 0 ? null : Bench.round((after - before) / (double) units);
    }

    JsonObject run(String name, JsonObject ceilings) throws Exception {
        Spec s = spec(name);
        boolean walRecycled = Seed.recycleWalAhead(pool, o.walSegmentsAhead());
        // warm-up, not recorded: the JIT compiles this scenario's code paths first
        Bench.progress(name + ": warm-up");
        Bench.await(LoadRun.closedLoop(vertx, Bench.CONCURRENCY, o.warmUpMillis(), Long.MAX_VALUE, unit(name, "w")));
        long transfersBefore = settledMemberTransfers();
        JsonObject dbBefore = databaseActivity();
        WaitSampler waits = WaitSampler.start(vertx, pool);
        // --trace: traced from here on and that dropped, so the JIT has compiled the trace's own code
        // (its sampling thread's loop took a second of C2 time when it first ran in the measured loop)
        traffic.trace = o.trace() ? OpenLoopTrace.start(vertx, pool) : null;
        var levels = ClosedLoopSearch.search(o.concurrencies(), c -> {
            Bench.progress(name + ": closed loop (maximum), " + c + " in flight");
            MachineStats.Cpu before = MachineStats.Cpu.now();
            long statements = statementsRun();
            // each level's sessions named apart: a session id is never dialled twice
            LoadRun.Result r = Bench.await(LoadRun.closedLoop(vertx, c, o.millis(), Long.MAX_VALUE, unit(name, "c" + c + "-")));
            MachineStats.Cpu after = MachineStats.Cpu.now();
            return new AtMaximum(r, perUnit(statements, statementsRun(), r.units()), before, after);
        }, m -> s.perHop() ? m.result().hopsPerSecond() : m.result().unitsPerSecond());
        var best = ClosedLoopSearch.best(levels);
        LoadRun.Result max = best.result().result();
        MachineStats.Cpu c0 = best.result().cpuBefore(), c1 = best.result().cpuAfter();
        Double statementsPerUnitAtMax = best.result().statementsPerUnit();
        long closedLoopUnits = levels.stream().mapToLong(l -> l.result().result().units()).sum();
        double rate = o.openLoopRate() > 0 ? o.openLoopRate() : Math.max(1, max.unitsPerSecond() / 2);
        // the open loop measures steady latency at that rate: first the closed loop's aftermath is let
        // pass (the receipts it queued sent, up to a minute; reported), then a few seconds at the rate, not recorded
        double drainSeconds = drainOutbox();
        Thread.sleep(o.settleMillis());
        double vacuumSeconds = awaitAutovacuum();
        LoadRun.Result ramp = Bench.await(LoadRun.openLoop(vertx, rate, o.settleMillis(), Long.MAX_VALUE, unit(name, "r")));
        if (traffic.trace != null) traffic.trace.discard();
        double openLoopAt = waits.secondsSinceStart();
        MachineStats.Cpu h0 = MachineStats.Cpu.now();
        long statementsAtHalf = statementsRun();
        Bench.progress(name + ": open loop at " + Math.round(rate) + " units/s");
        OpenLoopTrace trace = o.trace() ? OpenLoopTrace.start(vertx, pool) : null;
        traffic.trace = trace;
        JsonObject dbAtHalf = databaseActivity();
        LoadRun.Result half = Bench.await(LoadRun.openLoop(vertx, rate, o.openLoopMillis(), Long.MAX_VALUE, unit(name, "o")));
        JsonObject dbAfterHalf = databaseActivity();
        traffic.trace = null;
        JsonObject traced = trace == null ? null : trace.finish(o.out(), name).toJson();
        MachineStats.Cpu h1 = MachineStats.Cpu.now();
        Double statementsPerUnitAtHalf = perUnit(statementsAtHalf, statementsRun(), half.units());
        Bench.progress(name + ": done");
        // a send counts only if its transfer is in the ledger: compare the units with the transfers made
        JsonObject databaseWaits = waits.stop().put("openLoopFromSeconds", openLoopAt);
        long transfersMade = settledMemberTransfers() - transfersBefore;
        JsonObject dbAfter = databaseActivity();
        long expectedTransfers = s.perHop() ? 0 : closedLoopUnits + ramp.units() + half.units();
        panels.add(new LatencyChart.Panel(name + " (closed loop, maximum)", max.timeline()));
        panels.add(new LatencyChart.Panel(name + " (open loop at half, " + Math.round(rate) + " units/s)", half.timeline()));
        double throughput = s.perHop() ? max.hopsPerSecond() : max.unitsPerSecond();
        double ceiling = ceilings.getDouble(s.ceiling());
        double ratio = throughput / ceiling;
        Histogram h = half.latencies();
        double p99 = Bench.ms(h.getValueAtPercentile(99));
        long errors = levels.stream().mapToLong(l -> l.result().result().errors()).sum() + ramp.errors() + half.errors()
                + Math.abs(transfersMade - expectedTransfers);
        boolean pass = ratio >= s.minRatio() && throughput >= s.minPerSecond() && p99 < s.maxP99Ms() && errors == 0;
        Histogram m = max.latencies();
        String closedLoopError = firstError(levels);
        return new JsonObject().put("name", name).put("verdict", pass ? "PASS" : "SHORT").put("ratio", Bench.round(ratio))
                .put("throughput", Bench.round(throughput)).put("unit", s.unitName()).put("ceiling", s.ceiling())
                .put("hopsPerSecond", Bench.round(max.hopsPerSecond()))
                .put("openLoopRatePerSecond", Bench.round(rate)).put("openLoopRateGiven", o.openLoopRate() > 0)
                .put("p50Ms", Bench.ms(h.getValueAtPercentile(50))).put("p95Ms", Bench.ms(h.getValueAtPercentile(95)))
                .put("p99Ms", p99).put("maxMs", Bench.ms(h.getMaxValue()))
                .put("closedLoop", new JsonObject().put("p50Ms", Bench.ms(m.getValueAtPercentile(50))).put("p95Ms", Bench.ms(m.getValueAtPercentile(95)))
                        .put("p99Ms", Bench.ms(m.getValueAtPercentile(99))).put("maxMs", Bench.ms(m.getMaxValue())).put("units", max.units())
                        .put("seconds", Bench.round(max.seconds())).put("concurrency", best.concurrency())
                        .put("concurrencyTried", tried(levels)).put("unitsAllLevels", closedLoopUnits))
                .put("openLoop", new JsonObject().put("units", half.units()).put("seconds", Bench.round(half.seconds()))
                        .put("unrecordedUnits", ramp.units()).put("outboxDrainSecondsBefore", Bench.round(drainSeconds))
                        .put("autovacuumWaitSecondsBefore", Bench.round(vacuumSeconds)).put("walRecycledAhead", walRecycled))
                .put("errors", errors).put("transfersMade", transfersMade).put("firstError", closedLoopError != null ? closedLoopError : ramp.firstError() != null ? ramp.firstError() : half.firstError())
                .put("targets", new JsonObject().put("minRatio", s.minRatio()).put("minPerSecond", s.minPerSecond()).put("maxP99Ms", s.maxP99Ms()))
                .put("databaseDuring", activityBetween(dbBefore, dbAfter))
                .put("databaseDuringOpenLoop", activityBetween(dbAtHalf, dbAfterHalf))
                .put("databaseWaits", databaseWaits)
                .put("cpuAtMaximum", new JsonObject().put("machineBusyPercent", c1.machinePercent(c0)).put("stealPercent", c1.stealPercent(c0)).put("jvmCores", c1.jvmCores(c0)))
                .put("cpuAtHalf", new JsonObject().put("machineBusyPercent", h1.machinePercent(h0)).put("stealPercent", h1.stealPercent(h0)).put("jvmCores", h1.jvmCores(h0)))
                .put("statementsPerUnit", new JsonObject().put("atMaximum", statementsPerUnitAtMax).put("atHalf", statementsPerUnitAtHalf))
                .put("trace", traced);
    }
}
