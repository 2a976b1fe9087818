package org.timebank.ops;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives the built gateway jar and the operator scripts from outside, as an operator would:
 * bad configuration, a start and a graceful SIGTERM on an embedded database, and ledger-verify.
 */
class GatewayJarTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path JAR = ROOT.resolve("gateway/target/timebank-gateway.jar");

    @TempDir
    Path dataDir;

    record Run(int exit, String stdout, String stderr) {}

    static Run run(List<String> command, Map<String, String> env, int timeoutSeconds) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("DATABASE_URL") || k.equals("DATA_DIR") || k.equals("DEMO"));
        pb.environment().putAll(env);
        Path out = Files.createTempFile("out", ".txt"), err = Files.createTempFile("err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("timed out: " + command);
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void badConfigurationStopsTheStartWithOneLineNamingTheVariable() throws Exception {
        assertTrue(Files.exists(JAR), "the gateway jar is built before ops is tested: " + JAR);
        Run r = run(List.of("java", "-jar", JAR.toString()), Map.of("PORT", "not-a-port", "DATA_DIR", dataDir.toString()), 60);
        assertEquals(2, r.exit());
        List<String> lines = r.stderr().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), r.stderr());
        assertTrue(lines.get(0).contains("PORT"), lines.get(0));
        assertFalse(Files.exists(dataDir.resolve("postgres")), "nothing was started");
    }

    @Test
    void sigtermStopsTheGatewayAndItsEmbeddedDatabaseCleanlyAndVerifyRunsAfterwards() throws Exception {
        int port = freePort();
        ProcessBuilder pb = new ProcessBuilder("java", "-jar", JAR.toString()).directory(ROOT.toFile());
        pb.environment().remove("DATABASE_URL");
        pb.environment().putAll(Map.of("PORT", Integer.toString(port), "DATA_DIR", dataDir.toString(), "DEMO", "true"));
        Path log = Files.createTempFile("gateway", ".log");
        Process gateway = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            String health = null;
            for (int i = 0; i < 120 && health == null; i++) {
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/health")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) health = r.body();
                } catch (IOException notYet) {
                    Thread.sleep(500);
                }
            }
            assertNotNull(health, "the gateway answered /health: " + Files.readString(log));
            assertTrue(health.contains("\"database\":\"ok\""));
            String output = Files.readString(log);
            assertTrue(output.contains("admin-password"), "the start says where the admin password is");
            assertFalse(output.contains(Files.readString(dataDir.resolve("admin-password")).trim()), "and never prints it");
            assertTrue(output.contains("PIN 2468"), "the demo says how to try it");
        } finally {
            gateway.destroy(); // SIGTERM
        }
        assertTrue(gateway.waitFor(30, TimeUnit.SECONDS), "the gateway stopped within 30 s of SIGTERM");
        assertFalse(Files.exists(dataDir.resolve("postgres/postmaster.pid")), "the embedded PostgreSQL was stopped, not orphaned");
        assertTrue(Files.readString(log, StandardCharsets.UTF_8).contains("stopping"));

        Run verify = run(List.of(ROOT.resolve("ops/bin/ledger-verify").toString()), Map.of("DATA_DIR", dataDir.toString()), 120);
        assertEquals(0, verify.exit(), verify.stdout() + verify.stderr());
        assertTrue(verify.stdout().contains("\"ok\" : true"), verify.stdout());
        assertTrue(verify.stdout().contains("\"sumOfBalancesMinutes\" : 0"), verify.stdout());
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
