package org.timebank.ops.bench;

import static org.junit.jupiter.api.Assertions.*;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A short smoke run of the whole benchmark (the benchmark itself is not part of the test suite). */
class BenchSmokeTest {
    @TempDir
    Path out;

    @Test
    void aQuickRunOfEveryScenarioWritesTheReportWithCeilingsVerdictsAndTheChart() throws Exception {
        JsonObject r = Bench.run(new Bench.Options(true, null, out));
        assertTrue(Files.readString(out.resolve("report.md")).contains("| ussd-menu |"));
        assertEquals(6, new JsonObject(Files.readString(out.resolve("report.json"))).getJsonArray("scenarios").size());
        assertTrue(Files.readString(out.resolve("latency.svg")).contains("<polyline"));

        Map<String, JsonObject> byName = new HashMap<>();
        r.getJsonArray("scenarios").forEach(s -> byName.put(((JsonObject) s).getString("name"), (JsonObject) s));
        assertEquals(java.util.Set.of("ussd-menu", "ussd-send", "sms-send", "sessions", "broadcast", "broadcast-twilio"), byName.keySet());
        for (JsonObject s : byName.values()) {
            assertTrue(s.getString("verdict").equals("PASS") || s.getString("verdict").equals("SHORT"), s.encode());
            assertEquals(0, s.getLong("errors"), s.encode());
            assertTrue(s.getDouble("throughput") > 0, s.encode());
        }
        JsonObject c = r.getJsonObject("ceilings");
        for (String k : new String[] {"bareHttpPerSecond", "selectHttpPerSecond", "transferSqlPerSecond"}) assertTrue(c.getDouble(k) > 0, k);
        JsonObject menu = byName.get("ussd-menu");
        assertEquals(menu.getDouble("hopsPerSecond") / c.getDouble("selectHttpPerSecond"), menu.getDouble("ratio"), 0.01);
        assertTrue(menu.getDouble("p99Ms") >= menu.getDouble("p50Ms"));
        // a menu session is a few statements: counted from pg_stat_statements at both rates
        JsonObject statements = menu.getJsonObject("statementsPerUnit");
        assertTrue(statements.getDouble("atMaximum") > 0 && statements.getDouble("atHalf") > 0, menu.encode());

        // every sent transfer is in the ledger and the chain verifies
        assertTrue(r.getJsonObject("verifyAfter").getBoolean("ok"));
        for (String send : new String[] {"ussd-send", "sms-send"}) {
            JsonObject x = byName.get(send);
            JsonObject open = x.getJsonObject("openLoop");
            // the maximum is searched at two concurrencies in a quick run: the sends of both count
            JsonObject closed = x.getJsonObject("closedLoop");
            assertEquals(2, closed.getJsonArray("concurrencyTried").size(), send + ": " + closed.encode());
            long units = closed.getLong("unitsAllLevels") + open.getLong("units") + open.getLong("unrecordedUnits");
            assertTrue(closed.getLong("unitsAllLevels") > closed.getLong("units"), closed.encode());
            assertTrue(units > 0, send);
            assertEquals(units, x.getLong("transfersMade"), send + ": every counted send is a transfer in the ledger");
            assertTrue(x.getBoolean("verifyClean"), send);
            // the recorded open loop's own reading of the database: its sends committed, so the log was synced and grew
            JsonObject db = x.getJsonObject("databaseDuringOpenLoop");
            assertNotNull(db, send + ": " + x.encode());
            assertTrue(db.getLong("walSyncs") > 0 && db.getDouble("walMegabytes") > 0, send + ": " + db.encode());
            assertTrue(x.getJsonObject("databaseDuring").getLong("walSyncs") >= db.getLong("walSyncs"), send);
        }

        JsonObject sessions = byName.get("sessions");
        assertEquals(1_000, sessions.getLong("sessions"));
        assertEquals(1_000, sessions.getLong("continued"));

        JsonObject at = byName.get("broadcast"), twilio = byName.get("broadcast-twilio");
        assertEquals(2_500, at.getLong("recipients"));
        assertEquals(at.getLong("recipients"), at.getLong("sent"), at.encode()); // a stall carries its report ("stalled")
        assertTrue(at.getLong("receivedByFakeProvider") >= at.getLong("recipients"), at.encode());
        assertEquals(500, twilio.getLong("recipients"));
        assertTrue(twilio.getLong("receivedByFakeProvider") >= 500, twilio.encode());
        assertEquals(500, twilio.getLong("sent"), twilio.encode());

        assertTrue(r.getJsonObject("pinHash").getDouble("pbkdf2Sha256x10000Millis") > r.getJsonObject("pinHash").getDouble("hmacSha256PepperMicros") / 1000);
    }

    @Test
    void aTracedRunWritesEveryHopOfTheOpenLoopWithWhatRanBesideItAndSumsUpTheSlowest() throws Exception {
        JsonObject r = Bench.run(new Bench.Options(true, "sms-send", out, true));
        JsonObject sms = r.getJsonArray("scenarios").getJsonObject(0);
        JsonObject trace = sms.getJsonObject("trace");
        assertNotNull(trace, sms.encode());
        // every hop of the open loop at half, both hops of each send (hop 0 the SEND, 1 the PIN reply)
        long sends = sms.getJsonObject("openLoop").getLong("units");
        assertEquals(2 * sends, trace.getLong("hops"), trace.encode());
        java.util.List<String> hops = Files.readAllLines(out.resolve("trace-sms-send-hops.tsv"));
        assertEquals(2 * sends + 1, hops.size());
        assertEquals(sends, hops.stream().skip(1).filter(l -> l.endsWith("\t1")).count(), "one PIN reply per send");
        assertTrue(trace.getLong("slowHops") >= 1 && trace.getLong("slowHops") <= hops.size() / 50, trace.encode());
        assertFalse(trace.getJsonArray("clusters").isEmpty(), trace.encode());
        // PostgreSQL's backends were sampled while it ran, and the CPU by kind on Linux
        assertTrue(Files.readAllLines(out.resolve("trace-sms-send-backends.tsv")).size() > 1);
        assertTrue(Files.exists(out.resolve("trace-sms-send-gc.tsv")));
        if (Files.isReadable(Path.of("/proc/self/schedstat"))) {
            assertTrue(Files.readString(out.resolve("trace-sms-send-cpu.tsv")).contains("postgres"));
        }
    }
}
