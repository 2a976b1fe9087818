package org.timebank.gateway;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.timebank.ledger.TestDatabase;
import org.timebank.ledger.pg.Database;

/**
 * A gateway running in this JVM on a fresh database, and a small HTTP client that speaks to it
 * the way an NGO's tool would.
 */
final class GatewayFixture implements AutoCloseable {
    static final String ADMIN_PASSWORD = "admin-password-for-tests";
    final Database db;
    final Gateway gateway;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    GatewayFixture() throws Exception {
        this(Map.of());
    }

    GatewayFixture(Map<String, String> extraEnv) throws Exception {
        this(TestDatabase.fresh(), extraEnv);
    }

    /** A second instance on the same database, as in a deployment with several gateways. */
    GatewayFixture(Database db, Map<String, String> extraEnv) throws Exception {
        this.db = db;
        Map<String, String> env = new HashMap<>();
        env.put("PORT", "0");
        env.put("DATABASE_URL", urlOf(db));
        env.put("PIN_PEPPER", "gateway-test-pepper-0123456789");
        env.put("ADMIN_PASSWORD", ADMIN_PASSWORD);
        env.putAll(extraEnv);
        gateway = Gateway.start(Config.fromEnv(env));
    }

    private static String urlOf(Database db) {
        return db.jdbcUrl().replace("jdbc:postgresql://", "postgresql://postgres@");
    }

    /** An HTTP answer with its body read as JSON where it is JSON. */
    record Answer(int status, String body) {
        JsonObject json() {
            return new JsonObject(body);
        }

        JsonArray array() {
            return new JsonArray(body);
        }

        String errorCode() {
            return json().getJsonObject("error").getString("code");
        }
    }

    Answer get(String path, String token) {
        return send(HttpRequest.newBuilder(uri(path)).GET(), token);
    }

    Answer post(String path, String token, Object body) {
        String text = body == null ? "" : body instanceof String s ? s : body.toString();
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(text)), token);
    }

    Answer patch(String path, String token, Object body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body.toString())), token);
    }

    /** A form POST as Africa's Talking sends it. */
    Answer form(String path, java.util.Map<String, String> fields) {
        return formWithHeader(path, fields, null, null);
    }

    /** A form POST with one extra header (Twilio's signature). */
    Answer formWithHeader(String path, java.util.Map<String, String> fields, String header, String value) {
        StringBuilder body = new StringBuilder();
        fields.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&").append(k).append('=')
                .append(java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8)));
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (header != null && value != null) b.header(header, value);
        return send(b, null);
    }

    private Answer send(HttpRequest.Builder b, String token) {
        if (token != null) b.header("Authorization", "Bearer " + token);
        try {
            HttpResponse<String> r = http.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body());
        } catch (Exception e) {
            throw new AssertionError("request failed: " + e, e);
        }
    }

    URI uri(String path) {
        return URI.create("http://localhost:" + gateway.port() + path);
    }

    String login(String username, String password) {
        Answer a = post("/api/v1/session", null, new JsonObject().put("username", username).put("password", password));
        if (a.status() != 200) throw new AssertionError("login of " + username + " failed: " + a);
        return a.json().getString("token");
    }

    String admin() {
        return login("admin", ADMIN_PASSWORD);
    }

    long count(String sql) {
        return TestDatabase.queryLong(db, sql);
    }

    @Override
    public void close() {
        gateway.close();
    }
}
