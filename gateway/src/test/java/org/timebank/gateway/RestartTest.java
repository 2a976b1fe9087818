package org.timebank.gateway;

import static org.junit.jupiter.api.Assertions.*;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With no DATABASE_URL the gateway keeps its embedded PostgreSQL under DATA_DIR across restarts. */
class RestartTest {
    @TempDir
    Path dataDir;

    private Gateway start(boolean demo) throws Exception {
        return Gateway.start(Config.fromEnv(Map.of("PORT", "0", "DATA_DIR", dataDir.toString(), "DEMO", Boolean.toString(demo))));
    }

    @Test
    void aSecondStartOnTheSameDataDirKeepsEveryMemberAndTransfer() throws Exception {
        String pepper;
        String adminPassword;
        long members, transfers;
        try (Gateway first = start(true)) {
            pepper = Files.readString(dataDir.resolve("pin-pepper")).trim();
            adminPassword = Files.readString(dataDir.resolve("admin-password")).trim();
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("admin-password"))));
            assertTrue(first.startNotes().stream().anyMatch(n -> n.contains("admin-password")), "the start says where the password is");
            assertTrue(first.startNotes().stream().noneMatch(n -> n.contains(adminPassword)), "and never prints it");
            assertTrue(first.startNotes().stream().anyMatch(n -> n.contains("+85291230001")), "the demo says how to try it");
            var client = new Client(first.port());
            String token = client.login("admin", adminPassword);
            JsonObject created = client.post("/api/v1/members", token, new JsonObject().put("phone", "96660001").put("name", "Kept Member").put("org", "SSP"));
            assertEquals(201, created.getInteger("_status"));
            assertEquals(201, client.post("/api/v1/credits", token, new JsonObject().put("phone", "96660001").put("hours", 2)).getInteger("_status"));
            members = LedgerCounts.members(first);
            transfers = LedgerCounts.transfers(first);
        }
        try (Gateway second = start(true)) {
            assertEquals(pepper, Files.readString(dataDir.resolve("pin-pepper")).trim(), "the pepper is kept");
            assertEquals(members, LedgerCounts.members(second));
            assertEquals(transfers, LedgerCounts.transfers(second));
            assertTrue(second.startNotes().stream().anyMatch(n -> n.contains("seed was skipped")), "no second demo seed");
            var client = new Client(second.port());
            String token = client.login("admin", adminPassword);
            JsonObject list = client.get("/api/v1/members?q=Kept", token);
            assertEquals(1, list.getJsonArray("items").size());
            assertEquals(180, list.getJsonArray("items").getJsonObject(0).getLong("balanceMinutes"), "1h starting credit + 2h");
            JsonObject verify = client.get("/api/v1/ledger/verify", token);
            assertTrue(verify.getBoolean("ok"), verify.encode());
            // the embedded server keeps what it committed through a power cut (its library's defaults do not)
            var settings = second.ledger().pool().query("SELECT current_setting('fsync'), current_setting('synchronous_commit')").execute()
                    .toCompletionStage().toCompletableFuture().get().iterator().next();
            assertEquals("on", settings.getString(0));
            assertEquals("on", settings.getString(1));
        }
    }

    /** Counts read through the gateway's own ledger. */
    static final class LedgerCounts {
        static long members(Gateway g) throws Exception {
            return Gateway.await(g.ledger().pool().query("SELECT count(*) FROM members").execute()).iterator().next().getLong(0);
        }

        static long transfers(Gateway g) throws Exception {
            return Gateway.await(g.ledger().pool().query("SELECT count(*) FROM transfers").execute()).iterator().next().getLong(0);
        }
    }

    /** A minimal JSON client; the answer's status is added as {@code _status}. */
    record Client(int port) {
        JsonObject get(String path, String token) throws Exception {
            return send(java.net.http.HttpRequest.newBuilder(uri(path)).GET(), token);
        }

        JsonObject post(String path, String token, JsonObject body) throws Exception {
            return send(java.net.http.HttpRequest.newBuilder(uri(path)).POST(java.net.http.HttpRequest.BodyPublishers.ofString(body.encode())), token);
        }

        String login(String user, String password) throws Exception {
            return post("/api/v1/session", null, new JsonObject().put("username", user).put("password", password)).getString("token");
        }

        private java.net.URI uri(String path) {
            return java.net.URI.create("http://localhost:" + port + path);
        }

        private JsonObject send(java.net.http.HttpRequest.Builder b, String token) throws Exception {
            if (token != null) b.header("Authorization", "Bearer " + token);
            var r = java.net.http.HttpClient.newHttpClient().send(b.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            return new JsonObject(r.body()).put("_status", r.statusCode());
        }
    }
}
