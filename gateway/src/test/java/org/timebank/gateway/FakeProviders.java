package org.timebank.gateway;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local HTTP server speaking Africa's Talking's and Twilio's send APIs in their wire formats,
 * recording what the gateway sends and answering what a test scripts (success by default).
 */
final class FakeProviders implements AutoCloseable {
    static final String TWILIO_SID = "AC22222222222222222222222222222222";

    /** One request the gateway made. */
    record Sent(String provider, Map<String, String> form, Map<String, String> headers) {
        String to() {
            return form.getOrDefault("to", form.get("To"));
        }

        String body() {
            return form.getOrDefault("message", form.get("Body"));
        }
    }

    /** A scripted answer: HTTP status and body. */
    record Answer(int status, String body) {}

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    final List<Sent> sent = new CopyOnWriteArrayList<>();
    final Deque<Answer> script = new ConcurrentLinkedDeque<>();
    private final AtomicInteger ids = new AtomicInteger();

    FakeProviders() throws Exception {
        Router r = Router.router(vertx);
        r.route().handler(BodyHandler.create());
        r.post("/version1/messaging").handler(ctx -> {
            Map<String, String> form = new java.util.HashMap<>();
            ctx.request().formAttributes().forEach(e -> form.put(e.getKey(), e.getValue()));
            sent.add(new Sent("africastalking", form, headers(ctx.request().headers())));
            Answer a = script.poll();
            if (a != null) {
                ctx.response().setStatusCode(a.status()).putHeader("Content-Type", "application/json").end(a.body());
                return;
            }
            JsonObject ok = new JsonObject().put("SMSMessageData", new JsonObject().put("Message", "Sent to 1/1 Total Cost: KES 0.8000")
                    .put("Recipients", new JsonArray().add(new JsonObject().put("statusCode", 101).put("number", form.get("to"))
                            .put("status", "Success").put("cost", "KES 0.8000").put("messageId", "ATXid_" + ids.incrementAndGet()))));
            ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json").end(ok.encode());
        });
        r.post("/2010-04-01/Accounts/:sid/Messages.json").handler(ctx -> {
            Map<String, String> form = new java.util.HashMap<>();
            ctx.request().formAttributes().forEach(e -> form.put(e.getKey(), e.getValue()));
            sent.add(new Sent("twilio", form, headers(ctx.request().headers())));
            Answer a = script.poll();
            if (a != null) {
                ctx.response().setStatusCode(a.status()).putHeader("Content-Type", "application/json").end(a.body());
                return;
            }
            String sid = String.format("SM%032d", ids.incrementAndGet());
            JsonObject ok = new JsonObject().put("sid", sid).put("account_sid", ctx.pathParam("sid")).put("to", form.get("To"))
                    .put("from", form.get("From")).put("body", form.get("Body")).put("status", "queued").put("num_segments", "1")
                    .put("direction", "outbound-api").put("api_version", "2010-04-01").put("date_created", "Mon, 23 Nov 2026 10:00:00 +0000");
            ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json").end(ok.encode());
        });
        server = vertx.createHttpServer().requestHandler(r).listen(0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static Map<String, String> headers(io.vertx.core.MultiMap h) {
        Map<String, String> m = new java.util.HashMap<>();
        h.forEach(e -> m.put(e.getKey().toLowerCase(java.util.Locale.ROOT), e.getValue()));
        return m;
    }

    String base() {
        return "http://localhost:" + server.actualPort();
    }

    /** Messages sent to a number so far. */
    List<Sent> to(String phone) {
        List<Sent> list = new ArrayList<>();
        for (Sent s : sent) if (phone.equals(s.to())) list.add(s);
        return list;
    }

    /** Waits (up to 10 s) until a message to {@code phone} contains {@code text}; answers it. */
    Sent await(String phone, String text) {
        long until = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < until) {
            for (Sent s : to(phone)) if (s.body() != null && s.body().contains(text)) return s;
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("no SMS to " + phone + " containing \"" + text + "\"; sent: " + to(phone));
    }

    /** Waits (up to 10 s) until {@code n} messages to {@code phone} contain {@code text}. */
    void awaitCount(String phone, String text, int n) {
        long until = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < until) {
            if (to(phone).stream().filter(s -> s.body() != null && s.body().contains(text)).count() >= n) return;
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError(n + " SMS to " + phone + " containing \"" + text + "\" expected; sent: " + to(phone));
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
