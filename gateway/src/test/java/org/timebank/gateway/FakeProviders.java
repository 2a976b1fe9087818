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
 * Africa's Talking's endpoint answers every comma-separated number of {@code to} with its own
 * {@code Recipients} entry (in reverse order, as nothing promises the request's order), each with
 * its own message id; a number's entry can be scripted ({@link #atRecipient}).
 */
final class FakeProviders implements AutoCloseable {
    static final String TWILIO_SID = "AC22222222222222222222222222222222";

    /** One request the gateway made. */
    record Sent(String provider, Map<String, String> form, Map<String, String> headers) {
        String to() {
            return form.getOrDefault("to", form.get("To"));
        }

        /** The numbers of this request: Africa's Talking's {@code to} is a comma-separated list. */
        List<String> recipients() {
            String to = to();
            if (to == null) return List.of();
            List<String> list = new ArrayList<>();
            for (String n : to.split(",")) if (!n.isBlank()) list.add(n.trim());
            return list;
        }

        String body() {
            return form.getOrDefault("message", form.get("Body"));
        }
    }

    /** A scripted answer: HTTP status and body. */
    record Answer(int status, String body) {}

    /** A scripted {@code Recipients} entry of Africa's Talking for one number; {@link #OMITTED} leaves the number out. */
    record Recipient(int statusCode, String status) {}

    static final Recipient OMITTED = new Recipient(-1, "omitted");

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    final List<Sent> sent = new CopyOnWriteArrayList<>();
    final Deque<Answer> script = new ConcurrentLinkedDeque<>();
    private final AtomicInteger ids = new AtomicInteger();
    /** Scripted entries per number, each used once (then the number is accepted again). */
    private final Map<String, Deque<Recipient>> atScript = new java.util.concurrent.ConcurrentHashMap<>();
    /** The message id Africa's Talking last gave each number. */
    final Map<String, String> atMessageIds = new java.util.concurrent.ConcurrentHashMap<>();

    FakeProviders() throws Exception {
        Router r = Router.router(vertx);
        r.route().handler(BodyHandler.create());
        r.post("/version1/messaging").handler(ctx -> {
            Map<String, String> form = new java.util.HashMap<>();
            ctx.request().formAttributes().forEach(e -> form.put(e.getKey(), e.getValue()));
            Sent request = new Sent("africastalking", form, headers(ctx.request().headers()));
            sent.add(request);
            Answer a = script.poll();
            if (a != null) {
                ctx.response().setStatusCode(a.status()).putHeader("Content-Type", "application/json").end(a.body());
                return;
            }
            List<String> numbers = request.recipients();
            JsonArray recipients = new JsonArray();
            int accepted = 0;
            for (String number : numbers) {
                Deque<Recipient> scripted = atScript.get(number);
                Recipient rc = scripted == null ? null : scripted.poll();
                if (rc == null) rc = new Recipient(101, "Success");
                if (rc == OMITTED) continue;
                boolean ok = rc.statusCode() >= 100 && rc.statusCode() <= 102;
                String id = ok ? "ATXid_" + ids.incrementAndGet() : "None";
                if (ok) {
                    accepted++;
                    atMessageIds.put(number, id);
                }
                recipients.add(0, new JsonObject().put("statusCode", rc.statusCode()).put("number", number).put("status", rc.status())
                        .put("cost", ok ? "KES 0.8000" : "0").put("messageId", id));
            }
            JsonObject answer = new JsonObject().put("SMSMessageData", new JsonObject()
                    .put("Message", "Sent to " + accepted + "/" + numbers.size() + " Total Cost: KES " + (accepted * 0.8))
                    .put("Recipients", recipients));
            ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json").end(answer.encode());
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

    /** Scripts the {@code Recipients} entry of the next request to Africa's Talking that names {@code phone}. */
    void atRecipient(String phone, Recipient answer) {
        atScript.computeIfAbsent(phone, p -> new ConcurrentLinkedDeque<>()).add(answer);
    }

    /** Requests that carried a message to a number so far. */
    List<Sent> to(String phone) {
        List<Sent> list = new ArrayList<>();
        for (Sent s : sent) if (s.recipients().contains(phone)) list.add(s);
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
