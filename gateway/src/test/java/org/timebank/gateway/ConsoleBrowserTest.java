package org.timebank.gateway;

import static org.junit.jupiter.api.Assertions.*;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The staff console in headless Chromium through chromedriver: a coordinator signs in, registers a
 * member, credits hours, previews and sends a broadcast, and opens the report with its chart.
 * Screenshots go to gateway/target/console-*.png.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserTest {
    GatewayFixture f;

    @BeforeAll
    void start() throws Exception {
        boolean present = Files.isExecutable(WebDriver.CHROMEDRIVER) && Files.isExecutable(Path.of("/usr/bin/chromium"));
        if ("1".equals(System.getenv("REQUIRE_BROWSER"))) assertTrue(present, "chromium and chromedriver are required in CI");
        Assumptions.assumeTrue(present, "Debian's chromium-driver is not installed");
        f = new GatewayFixture();
        String admin = f.admin();
        f.post("/api/v1/orgs", admin, new JsonObject().put("code", "KLN").put("name", "Kowloon Care").put("district", "Kowloon City"));
        f.post("/api/v1/staff", admin, new JsonObject().put("username", "coord-kln").put("password", "a-long-password")
                .put("role", "coordinator").put("org", "KLN"));
        f.post("/api/v1/members", admin, new JsonObject().put("phone", "91230801").put("name", "Ben Otieno").put("org", "KLN"));
    }

    @AfterAll
    void stop() {
        if (f != null) f.close();
    }

    @Test
    void aCoordinatorRegistersCreditsBroadcastsAndReadsTheReport() throws Exception {
        Path shots = Path.of("target").toAbsolutePath();
        try (WebDriver b = new WebDriver()) {
            b.open("http://localhost:" + f.gateway.port() + "/");
            b.type("#user", "coord-kln");
            b.type("#pass", "a-long-password");
            b.click("#loginBtn");
            b.waitForText("#who", "coord-kln");

            b.type("#mPhone", "9123 0802");
            b.type("#mName", "Mary Chan");
            b.click("#mRegister");
            b.waitForText("#mMsg", "+85291230802");
            b.waitForText("#mRows", "Mary Chan");
            b.screenshot(shots.resolve("console-members.png"));

            b.click("#tab-credits");
            b.type("#cPhone", "91230802");
            b.type("#cHours", "2.5");
            b.type("#cMemo", "Kitchen shift");
            b.click("#cSend");
            b.waitForText("#cMsg", "2.5h");
            assertEquals(150, f.count("SELECT balance_minutes FROM member_details WHERE phone = '+85291230802'"));

            b.click("#tab-broadcasts");
            b.type("#bEn", "Free lunch on Friday at the centre.");
            b.type("#bZh", "星期五中心免費午餐。");
            b.click("#bPreview");
            b.waitForText("#bPreviewOut", "recipients");
            b.screenshot(shots.resolve("console-broadcast-preview.png"));
            b.click("#bSend");
            b.waitForText("#bProgress", "done");
            assertEquals(2, f.count("SELECT count(*) FROM outbox WHERE broadcast_id IS NOT NULL"));

            f.gateway.ledger().transfers().transfer(new org.timebank.ledger.TransferCommand(org.timebank.ledger.TransferKind.SEND,
                    org.timebank.ledger.AccountRef.member(f.count("SELECT id FROM members WHERE phone = '+85291230802'")),
                    org.timebank.ledger.AccountRef.member(f.count("SELECT id FROM members WHERE phone = '+85291230801'")), 60, null, null,
                    "console-test", "test"), org.timebank.ledger.Notices.NONE).toCompletionStage().toCompletableFuture().join();
            b.click("#tab-reports");
            b.waitForText("#rTotals", "1h");
            String chart = b.text("#rChart");
            assertTrue(chart.contains("KLN") && chart.contains("given"), chart);
            b.screenshot(shots.resolve("console-report.png"));

            b.click("#langToggle");
            b.waitForText("#tab-reports", "報告");
        }
        assertTrue(Files.size(shots.resolve("console-report.png")) > 10_000);
    }
}
