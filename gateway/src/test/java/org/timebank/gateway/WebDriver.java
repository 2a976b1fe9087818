package org.timebank.gateway;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;

/**
 * A minimal W3C WebDriver client for Debian's chromedriver driving headless Chromium: just what the
 * browser tests need (open a page, type, click, read text, wait, take a screenshot).
 */
final class WebDriver implements AutoCloseable {
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private final Process driver;
    private final String base;
    private final String session;
    private final HttpClient http = HttpClient.newHttpClient();

    WebDriver() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        driver = new ProcessBuilder(CHROMEDRIVER.toString(), "--port=" + port).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        base = "http://localhost:" + port;
        for (int i = 0; i < 100; i++) {
            try {
                call("GET", "/status", null);
                break;
            } catch (Exception notYet) {
                Thread.sleep(100);
            }
        }
        Path profile = Files.createTempDirectory("chrome");
        JsonObject caps = new JsonObject().put("capabilities", new JsonObject().put("alwaysMatch", new JsonObject()
                .put("browserName", "chrome").put("goog:chromeOptions", new JsonObject().put("binary", "/usr/bin/chromium")
                        .put("args", new JsonArray().add("--headless").add("--no-sandbox").add("--disable-gpu").add("--disable-quic")
                                .add("--no-first-run").add("--disable-background-networking").add("--disable-component-update")
                                .add("--disable-sync").add("--window-size=1100,900").add("--user-data-dir=" + profile)))));
        session = call("POST", "/session", caps).getJsonObject("value").getString("sessionId");
    }

    private JsonObject call(String method, String path, JsonObject body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        if (body == null && method.equals("GET")) b.GET();
        else b.method(method, HttpRequest.BodyPublishers.ofString(body == null ? "{}" : body.encode())).header("Content-Type", "application/json");
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonObject j = new JsonObject(r.body());
        if (r.statusCode() >= 400) throw new IllegalStateException("webdriver " + path + ": " + r.body());
        return j;
    }

    private String s(String path) {
        return "/session/" + session + path;
    }

    void open(String url) throws Exception {
        call("POST", s("/url"), new JsonObject().put("url", url));
    }

    String find(String css) throws Exception {
        JsonObject ref = call("POST", s("/element"), new JsonObject().put("using", "css selector").put("value", css)).getJsonObject("value");
        return String.valueOf(ref.getValue(ref.fieldNames().iterator().next())); // the W3C element key
    }

    void type(String css, String text) throws Exception {
        String el = find(css);
        call("POST", s("/element/" + el + "/clear"), new JsonObject());
        call("POST", s("/element/" + el + "/value"), new JsonObject().put("text", text));
    }

    void click(String css) throws Exception {
        call("POST", s("/element/" + find(css) + "/click"), new JsonObject());
    }

    String text(String css) throws Exception {
        return call("GET", s("/element/" + find(css) + "/text"), null).getString("value");
    }

    /** Waits up to 10 s until the element's text contains {@code expected}; answers the text. */
    String waitForText(String css, String expected) throws Exception {
        String last = "";
        for (int i = 0; i < 100; i++) {
            try {
                last = text(css);
                if (last.contains(expected)) return last;
            } catch (IllegalStateException notYet) {
                // not on the page yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("\"" + expected + "\" never appeared in " + css + "; last: " + last);
    }

    void screenshot(Path file) throws Exception {
        String png = call("GET", s("/screenshot"), null).getString("value");
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode(png));
    }

    @Override
    public void close() {
        try {
            call("DELETE", s(""), null);
        } catch (Exception ignored) {
            // the driver is going away anyway
        }
        driver.destroy();
    }
}
