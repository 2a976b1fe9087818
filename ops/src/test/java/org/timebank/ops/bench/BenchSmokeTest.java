package org.timebank.ops.bench;

import static org.junit.jupiter.api.Assertions.*;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A short smoke run of the benchmark (the benchmark itself is not part of the test suite). */
class BenchSmokeTest {
    @TempDir
    Path out;

    @Test
    void aQuickUssdMenuRunWritesAReportWithCeilingsAndAVerdict() throws Exception {
        JsonObject r = Bench.run(new Bench.Options(true, "ussd-menu", out));
        assertTrue(Files.exists(out.resolve("report.json")));
        assertTrue(Files.readString(out.resolve("report.md")).contains("| ussd-menu |"));
        JsonObject menu = r.getJsonArray("scenarios").getJsonObject(0);
        assertEquals("ussd-menu", menu.getString("name"));
        assertTrue(menu.getString("verdict").equals("PASS") || menu.getString("verdict").equals("SHORT"));
        assertTrue(menu.getDouble("throughput") > 0);
        assertEquals(0, menu.getLong("errors"));
        assertTrue(r.getJsonObject("ceilings").getDouble("selectHttpPerSecond") > 0);
        assertTrue(r.getJsonObject("verifyAfter").getBoolean("ok"));
    }
}
