package org.timebank.gateway;

import static org.junit.jupiter.api.Assertions.*;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The phone simulator in headless Chromium (Debian's {@code chromium}): the page plays a call by
 * itself ({@code ?dial=…&keys=…}) against the real webhook, and the test reads the resulting DOM
 * and takes a screenshot. {@code ops/bin/test} installs Chromium and sets REQUIRE_BROWSER=1, so in
 * CI a missing browser fails the test instead of skipping it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SimulatorBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    GatewayFixture f;

    @BeforeAll
    void start() throws Exception {
        boolean present = Files.isExecutable(CHROMIUM);
        if ("1".equals(System.getenv("REQUIRE_BROWSER"))) assertTrue(present, "chromium is required in CI: " + CHROMIUM);
        Assumptions.assumeTrue(present, "Debian's chromium is not installed");
        f = new GatewayFixture();
        String admin = f.admin();
        f.post("/api/v1/orgs", admin, new JsonObject().put("code", "SSP").put("name", "Sham Shui Po Elderly Care").put("district", "SSP"));
    }

    @AfterAll
    void stop() {
        if (f != null) f.close();
    }

    private String chromium(String url, String... extra) throws Exception {
        Path profile = Files.createTempDirectory("chromium");
        List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--virtual-time-budget=10000"));
        cmd.addAll(List.of(extra));
        cmd.add(url);
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "chromium finished");
        return out;
    }

    @Test
    void aNewMemberDialsAndWalksToTheCommunityScreenInTheSimulator() throws Exception {
        String url = "http://localhost:" + f.gateway.port() + "/simulator?phone=%2B85291230077&dial=*384*123%23&keys=1,Mary%20Chan";
        String dom = chromium(url, "--dump-dom");
        assertTrue(dom.contains("Choose your community"), dom);
        assertTrue(dom.contains("1. Sham Shui Po Elderly Care"), dom);
        assertEquals(1, f.count("SELECT count(*) FROM ussd_sessions WHERE phone = '+85291230077'"), "it used the real webhook");

        Path shot = Path.of("target", "simulator.png").toAbsolutePath();
        Files.deleteIfExists(shot);
        chromium(url.replace("91230077", "91230078"), "--window-size=900,700", "--screenshot=" + shot);
        assertTrue(Files.size(shot) > 10_000, "a real screenshot: " + Files.size(shot) + " bytes at " + shot);
        String sms = chromium("http://localhost:" + f.gateway.port() + "/simulator?phone=%2B85291230079&sms=HELP", "--dump-dom");
        assertTrue(sms.contains("not a Time Bank member") || f.count("SELECT count(*) FROM inbound_sms WHERE phone = '+85291230079'") == 1,
                "the simulator's SMS box posts to the inbound webhook: " + sms);
        assertEquals(1, f.count("SELECT count(*) FROM inbound_sms WHERE phone = '+85291230079' AND body = 'HELP'"));
        byte[] head = Files.readAllBytes(shot);
        assertEquals((byte) 0x89, head[0]);
        assertEquals('P', head[1]);
    }
}
