package org.timebank.ops.bench;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * {@code sessions}: opens {@code n} USSD sessions and leaves them all open at once (each dialled,
 * showing the main menu), measures the live heap they add to the gateway (after full collections),
 * then takes every session one hop further to show each was really held.
 */
final class SessionsRun {
    static final double TARGET_MB = 20;

    static JsonObject run(Vertx vertx, Traffic traffic, int n) throws Exception {
        double before = MachineStats.liveHeapMb();
        long t0 = System.nanoTime();
        LoadRun.Result opened = Bench.await(LoadRun.closedLoop(vertx, 64, 600_000, n,
                (seq, start, rec) -> traffic.ussd(Traffic.atSessionId("hold-" + seq), Seed.phone(seq - 1), List.of(""), "CON 1. Send hours", start, rec)));
        double openSeconds = (System.nanoTime() - t0) / 1e9;
        double held = MachineStats.liveHeapMb();
        LoadRun.Result continued = Bench.await(LoadRun.closedLoop(vertx, 64, 600_000, n, (seq, start, rec) ->
                traffic.post("/ussd/africastalking" + traffic.tokenQuery(), "sessionId=" + Traffic.atSessionId("hold-" + seq) + "&serviceCode=" + Traffic.enc(Traffic.SERVICE_CODE)
                        + "&phoneNumber=" + Traffic.enc(Seed.phone(seq - 1)) + "&networkCode=99999&text=1", start, rec, 1).compose(body ->
                        body.startsWith("CON Send hours to which") ? io.vertx.core.Future.succeededFuture(1) : io.vertx.core.Future.failedFuture("not continued: " + body))));
        double added = Bench.round(held - before);
        boolean pass = opened.errors() == 0 && continued.errors() == 0 && opened.units() == n && added < TARGET_MB;
        return new JsonObject().put("name", "sessions").put("verdict", pass ? "PASS" : "SHORT").put("ratio", (Double) null)
                .put("throughput", Bench.round(opened.unitsPerSecond())).put("unit", "sessions opened/s")
                .put("sessions", opened.units()).put("liveHeapBeforeMb", before).put("liveHeapWithSessionsOpenMb", held)
                .put("addedHeapMb", added).put("targetAddedHeapMb", TARGET_MB).put("openSeconds", Bench.round(openSeconds))
                .put("continued", continued.units()).put("errors", opened.errors() + continued.errors())
                .put("p50Ms", Bench.ms(opened.latencies().getValueAtPercentile(50))).put("p99Ms", Bench.ms(opened.latencies().getValueAtPercentile(99)))
                .put("maxMs", Bench.ms(opened.latencies().getMaxValue()))
                .put("firstError", opened.firstError() != null ? opened.firstError() : continued.firstError());
    }

    private SessionsRun() {}
}
