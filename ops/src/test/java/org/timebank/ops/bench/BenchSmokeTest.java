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
            long units = x.getJsonObject("closedLoop").getLong("units") + open.getLong("units") + open.getLong("unrecordedUnits");
            assertTrue(units > 0, send);
            assertEquals(units, x.getLong("transfersMade"), send + ": every counted send is a transfer in the ledger");
            assertTrue(x.getBoolean("verifyClean"), send);
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
}
