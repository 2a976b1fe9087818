package org.timebank.ops.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where an open loop's slowest hop in a hundred came from (pure: {@link OpenLoopTrace} collects).
 * The slow hops (the slowest hundredth: at or over {@code slowFromMs}) are grouped by the 100 ms in which they started; for the
 * windows with most of them it lists the JVM's collections and PostgreSQL's busy backends that
 * overlapped the hops' time, so a cluster can be put down to a pause, a lock or a flush of the log.
 */
final class SlowHops {
    /** A hop: started (due or sent) at {@code startMs} after the trace began, answered {@code latencyMs} later. */
    record Hop(double startMs, double latencyMs, int kind) {
        double endMs() {
            return startMs + latencyMs;
        }
    }

    /** A collection of the JVM's heap. */
    record Pause(double startMs, long durationMs, String what) {}

    /** One sample of PostgreSQL's backends: {@code backends} of {@code backendType} were on {@code event} ({@code CPU} when running). */
    record Busy(double atMs, String backendType, String event, int backends) {}

    static final double WINDOW_MS = 100;
    static final int CLUSTERS_KEPT = 8;

    record Cluster(double fromMs, int slowHops, double maxLatencyMs, List<Pause> pauses, Map<String, Integer> mostBackends, Cores cores) {
        JsonObject toJson() {
            JsonArray p = new JsonArray();
            pauses.forEach(x -> p.add(String.format("%.0f ms: %d ms %s", x.startMs(), x.durationMs(), x.what())));
            JsonObject b = new JsonObject();
            mostBackends.forEach(b::put);
            return new JsonObject().put("fromMs", Math.round(fromMs)).put("slowHops", slowHops).put("maxLatencyMs", Bench.round(maxLatencyMs))
                    .put("collections", p).put("mostBackendsAtOnce", b).put("cores", cores.toJson());
        }
    }

    /**
     * CPU over a stretch of time from {@link SchedTrace}: per kind of thread or process, the cores it
     * used and the cores' worth of time it spent waiting for one; and the sampler's latest wake-up.
     */
    record Cores(Map<String, double[]> byKind, double maxLateMs) {
        static Cores over(List<SchedTrace.Sample> samples, double from, double until) {
            Map<String, double[]> sum = new TreeMap<>();
            double late = 0, covered = 0, prev = Double.NaN;
            for (SchedTrace.Sample s : samples) {
                double span = Double.isNaN(prev) ? SchedTrace.EVERY_MS : s.atMs() - prev;
                prev = s.atMs();
                if (s.atMs() <= from || s.atMs() - span >= until) continue; // a sample covers the span before it
                covered += span;
                late = Math.max(late, s.lateMs());
                s.byKind().forEach((k, v) -> {
                    double[] t = sum.computeIfAbsent(k, x -> new double[2]);
                    t[0] += v[0];
                    t[1] += v[1];
                });
            }
            double c = covered;
            sum.values().forEach(v -> {
                v[0] = c == 0 ? 0 : v[0] / c;
                v[1] = c == 0 ? 0 : v[1] / c;
            });
            return new Cores(sum, late);
        }

        JsonObject toJson() {
            JsonObject o = new JsonObject();
            byKind.forEach((k, v) -> o.put(k, String.format("%.2f used, %.2f waiting", v[0], v[1])));
            return o.put("samplerLatestWakeMs", Bench.round(maxLateMs));
        }
    }

    record Summary(int hops, double slowFromMs, int slowHops, int slowHopsDuringACollection, int collections, double collectionMsTotal,
                   Cores cores, List<Cluster> clusters) {
        JsonObject toJson() {
            JsonArray c = new JsonArray();
            clusters.forEach(x -> c.add(x.toJson()));
            return new JsonObject().put("hops", hops).put("slowFromMs", Bench.round(slowFromMs)).put("slowHops", slowHops)
                    .put("slowHopsDuringACollection", slowHopsDuringACollection).put("collections", collections)
                    .put("collectionMsTotal", Bench.round(collectionMsTotal)).put("cores", cores.toJson()).put("clusters", c);
        }
    }

    static Summary summarize(List<Hop> hops, List<Pause> pauses, List<Busy> busy, List<SchedTrace.Sample> cpu) {
        if (hops.isEmpty()) return new Summary(0, 0, 0, 0, pauses.size(), 0, Cores.over(cpu, 0, 0), List.of());
        double[] lat = hops.stream().mapToDouble(Hop::latencyMs).sorted().toArray();
        double slowFrom = lat[Math.min(lat.length - 1, (int) Math.floor(lat.length * 0.99))]; // the slowest hundredth from here
        double first = hops.stream().mapToDouble(Hop::startMs).min().orElse(0);
        double last = hops.stream().mapToDouble(Hop::endMs).max().orElse(0);
        List<Pause> during = pauses.stream().filter(p -> p.startMs() + p.durationMs() >= first && p.startMs() <= last).toList();
        TreeMap<Long, List<Hop>> windows = new TreeMap<>();
        int slow = 0, slowInPause = 0;
        for (Hop h : hops) {
            if (h.latencyMs() < slowFrom) continue;
            slow++;
            if (during.stream().anyMatch(p -> overlaps(h.startMs(), h.endMs(), p))) slowInPause++;
            windows.computeIfAbsent((long) Math.floor(h.startMs() / WINDOW_MS), k -> new ArrayList<>()).add(h);
        }
        List<Cluster> clusters = new ArrayList<>();
        windows.entrySet().stream().sorted(Comparator.comparingInt((Map.Entry<Long, List<Hop>> e) -> -e.getValue().size()).thenComparing(Map.Entry::getKey))
                .limit(CLUSTERS_KEPT).forEach(e -> {
                    double from = e.getKey() * WINDOW_MS;
                    double until = e.getValue().stream().mapToDouble(Hop::endMs).max().orElse(from);
                    double maxLatency = e.getValue().stream().mapToDouble(Hop::latencyMs).max().orElse(0);
                    List<Pause> ps = during.stream().filter(p -> overlaps(from, until, p)).toList();
                    Map<String, Integer> most = new TreeMap<>();
                    for (Busy b : busy) {
                        if (b.atMs() < from || b.atMs() > until) continue;
                        most.merge(b.backendType() + " " + b.event(), b.backends(), Math::max);
                    }
                    clusters.add(new Cluster(from, e.getValue().size(), maxLatency, ps, most, Cores.over(cpu, from, until)));
                });
        clusters.sort(Comparator.comparingDouble(Cluster::fromMs));
        double pauseMs = during.stream().mapToLong(Pause::durationMs).sum();
        return new Summary(hops.size(), slowFrom, slow, slowInPause, during.size(), pauseMs, Cores.over(cpu, first, last), clusters);
    }

    private static boolean overlaps(double from, double until, Pause p) {
        return p.startMs() <= until && p.startMs() + p.durationMs() >= from;
    }

    private SlowHops() {}
}
