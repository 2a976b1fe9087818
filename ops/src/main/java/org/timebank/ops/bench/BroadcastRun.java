package org.timebank.ops.bench;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code broadcast}: an NGO admin creates a broadcast through the staff API ({@code POST
 * /api/v1/broadcasts}); the time until its answer is the time to queue every recipient. Then the
 * outbox dispatcher sends it to the local fake provider with the rate limit lifted; the run follows
 * {@code GET /api/v1/broadcasts/{id}} until nothing is queued, counting what the fake received and
 * sampling the live heap, which should stay flat (the recipients never pass through memory at once).
 */
final class BroadcastRun {
    static final double QUEUE_SECONDS = 10, HEAP_GROWTH_MB = 32;

    /**
     * @param received the fake's counter of recipients (Africa's Talking) or messages (Twilio)
     * @param minPerSecond the dispatch target
     */
    static JsonObject run(String name, Traffic traffic, String adminPassword, JsonObject segment, AtomicLong received, double minPerSecond,
                          boolean queueTarget) throws Exception {
        String token = Bench.await(traffic.api(HttpMethod.POST, "/api/v1/session", null,
                new JsonObject().put("username", "admin").put("password", adminPassword), 200)).getString("token");
        double heapBefore = MachineStats.liveHeapMb();
        long receivedBefore = received.get();
        long t0 = System.nanoTime();
        JsonObject created = Bench.await(traffic.api(HttpMethod.POST, "/api/v1/broadcasts", token, new JsonObject()
                .put("message", "Bench NGO: free bread and vegetables at the community hall today from 4pm. Bring a bag.")
                .put("segment", segment), 201));
        double queuedSeconds = (System.nanoTime() - t0) / 1e9;
        long id = created.getLong("id"), recipients = created.getLong("recipients");
        JsonArray heap = new JsonArray().add(heapBefore);
        JsonObject status = created;
        long lastHeapSample = System.nanoTime();
        long deadline = System.nanoTime() + 300_000_000_000L;
        long statusReadsUnanswered = 0;
        while (System.nanoTime() < deadline) {
            try {
                // bounded: a status read left unanswered once held this loop for minutes (the run then
                // reported its last answer, 356 of 500 sent, while the outbox had sent them all)
                status = Bench.await(traffic.api(HttpMethod.GET, "/api/v1/broadcasts/" + id, token, null, 200)
                        .timeout(STATUS_READ_SECONDS, java.util.concurrent.TimeUnit.SECONDS));
            } catch (Exception e) {
                // one status read that failed or timed out does not end the measurement: the next one asks again
                statusReadsUnanswered++;
                Thread.sleep(100);
                continue;
            }
            if (status.getLong("queued", 1L) == 0) break;
            if (System.nanoTime() - lastHeapSample > 3_000_000_000L) {
                heap.add(MachineStats.liveHeapMb());
                lastHeapSample = System.nanoTime();
            }
            Thread.sleep(100);
        }
        double seconds = (System.nanoTime() - t0) / 1e9 - queuedSeconds;
        heap.add(MachineStats.liveHeapMb());
        long sent = status.getLong("sent", 0L), failed = status.getLong("failed", 0L);
        double perSecond = sent / seconds;
        double growth = 0;
        for (Object h : heap) growth = Math.max(growth, (Double) h - heapBefore);
        boolean pass = status.getLong("queued", 1L) == 0 && failed == 0 && sent == recipients && perSecond >= minPerSecond
                && growth < HEAP_GROWTH_MB && (!queueTarget || queuedSeconds < QUEUE_SECONDS);
        return new JsonObject().put("name", name).put("verdict", pass ? "PASS" : "SHORT").put("ratio", (Double) null)
                .put("throughput", Bench.round(perSecond)).put("unit", "recipients/s").put("recipients", recipients)
                .put("queuedSeconds", Bench.round(queuedSeconds)).put("dispatchSeconds", Bench.round(seconds))
                .put("sent", sent).put("failed", failed).put("receivedByFakeProvider", received.get() - receivedBefore)
                .put("targets", new JsonObject().put("minPerSecond", minPerSecond).put("queueSeconds", queueTarget ? QUEUE_SECONDS : null)
                        .put("heapGrowthMb", HEAP_GROWTH_MB))
                .put("liveHeapSamplesMb", heap).put("heapGrowthMb", Bench.round(growth)).put("errors", failed)
                .put("statusReadsUnanswered", statusReadsUnanswered);
    }

    /** How long one read of the broadcast's progress may take before the loop asks again. */
    static final long STATUS_READ_SECONDS = 10;

    private BroadcastRun() {}
}
