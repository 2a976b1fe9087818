package org.timebank.ops.bench;

import io.vertx.core.json.JsonObject;

/** The Markdown form of the report (the JSON is the report itself). */
final class Report {
    static String markdown(JsonObject r) {
        StringBuilder s = new StringBuilder("# Benchmark report\n\n");
        s.append("Machine: ").append(r.getString("machine")).append("; members seeded: ").append(r.getInteger("members"))
                .append(r.getBoolean("quick") ? " (quick run: seconds, not meant for verdicts)" : "").append("\n\n");
        JsonObject c = r.getJsonObject("ceilings");
        if (c != null && !c.isEmpty()) {
            s.append("## Ceilings (same run, same machine)\n\n");
            c.forEach(e -> s.append("- ").append(e.getKey()).append(": ").append(e.getValue()).append('\n'));
            s.append('\n');
        }
        s.append("## Scenarios\n\n")
                .append("HTTP scenarios: throughput is the closed-loop maximum; latencies (per hop) are from the open loop at half that rate.\n\n");
        for (Object o : r.getJsonArray("scenarios")) {
            JsonObject x = (JsonObject) o;
            if (Boolean.TRUE.equals(x.getBoolean("openLoopRateGiven"))) {
                s.append("**").append(x.getString("name")).append("'s open loop ran at the rate given (`--rate`), ").append(x.getValue("openLoopRatePerSecond"))
                        .append(" units/s, not at half its maximum: its p99 verdict does not measure the target.**\n\n");
            }
        }
        s.append("| scenario | verdict | throughput | ratio to ceiling | p50 ms | p95 ms | p99 ms | max ms | errors |\n")
                .append("|---|---|---|---|---|---|---|---|---|\n");
        for (Object o : r.getJsonArray("scenarios")) {
            JsonObject x = (JsonObject) o;
            s.append("| ").append(x.getString("name")).append(" | ").append(x.getString("verdict")).append(" | ").append(x.getValue("throughput"))
                    .append(' ').append(x.getString("unit")).append(" | ").append(dash(x.getValue("ratio"))).append(" | ").append(dash(x.getValue("p50Ms")))
                    .append(" | ").append(dash(x.getValue("p95Ms"))).append(" | ").append(dash(x.getValue("p99Ms"))).append(" | ")
                    .append(dash(x.getValue("maxMs"))).append(" | ").append(x.getValue("errors")).append(" |\n");
        }
        for (Object o : r.getJsonArray("scenarios")) {
            JsonObject x = (JsonObject) o;
            s.append("\n### ").append(x.getString("name")).append("\n\n```json\n").append(x.encodePrettily()).append("\n```\n");
        }
        if (r.getJsonObject("pinHash") != null) s.append("\n## PIN hash\n\n```json\n").append(r.getJsonObject("pinHash").encodePrettily()).append("\n```\n");
        s.append("\nVerify after the run: ").append(r.getJsonObject("verifyAfter") == null ? "-" : r.getJsonObject("verifyAfter").encode())
                .append("\n\nCPU over the whole run: ").append(r.getJsonObject("cpu").encode())
                .append("\n\nPeak RSS of the JVM (gateway and load generator): ").append(r.getValue("peakRssMb")).append(" MB\n");
        if (!r.getJsonArray("charts").isEmpty()) s.append("\n![latency over time](latency.svg)\n");
        return s.toString();
    }

    private static Object dash(Object v) {
        return v == null ? "-" : v;
    }

    private Report() {}
}
