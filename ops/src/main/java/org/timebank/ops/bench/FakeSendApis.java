package org.timebank.ops.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Local stand-ins for the providers' send APIs in their wire formats, with no rate limit, counting
 * what arrives: Africa's Talking {@code POST /version1/messaging} (the {@code to} field takes many
 * comma-separated numbers; the 201 answer lists each in {@code SMSMessageData.Recipients}) and
 * Twilio {@code POST /2010-04-01/Accounts/{sid}/Messages.json} (one message per request).
 */
final class FakeSendApis {
    static final String TWILIO_SID = "AC00000000000000000000000000000000";
    final AtomicLong atRequests = new AtomicLong(), atRecipients = new AtomicLong(), twilioMessages = new AtomicLong();
    private final AtomicLong ids = new AtomicLong();
    private final HttpServer server;

    private FakeSendApis(HttpServer server) {
        this.server = server;
    }

    static Future<FakeSendApis> start(Vertx vertx) {
        FakeSendApis[] self = new FakeSendApis[1];
        Router r = Router.router(vertx);
        r.route().handler(BodyHandler.create(false));
        r.post("/version1/messaging").handler(ctx -> {
            String to = ctx.request().getFormAttribute("to");
            if (to == null || ctx.request().getHeader("apiKey") == null || ctx.request().getFormAttribute("message") == null) {
                ctx.response().setStatusCode(401).end("missing to, message or apiKey");
                return;
            }
            JsonArray recipients = new JsonArray();
            for (String number : to.split(",")) {
                recipients.add(new JsonObject().put("statusCode", 101).put("number", number.trim()).put("status", "Success")
                        .put("cost", "KES 0.8000").put("messageId", "ATXid_" + self[0].ids.incrementAndGet()));
            }
            self[0].atRequests.incrementAndGet();
            self[0].atRecipients.addAndGet(recipients.size());
            ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json").end(new JsonObject().put("SMSMessageData",
                    new JsonObject().put("Message", "Sent to " + recipients.size() + "/" + recipients.size()).put("Recipients", recipients)).encode());
        });
        r.post("/2010-04-01/Accounts/:sid/Messages.json").handler(ctx -> {
            String to = ctx.request().getFormAttribute("To");
            if (to == null || ctx.request().getHeader("Authorization") == null) {
                ctx.response().setStatusCode(401).end();
                return;
            }
            self[0].twilioMessages.incrementAndGet();
            JsonObject ok = new JsonObject().put("sid", String.format("SM%032d", self[0].ids.incrementAndGet())).put("account_sid", ctx.pathParam("sid"))
                    .put("to", to).put("from", ctx.request().getFormAttribute("From")).put("body", ctx.request().getFormAttribute("Body"))
                    .put("status", "queued").put("num_segments", "1").put("direction", "outbound-api").put("api_version", "2010-04-01")
                    .put("date_created", "Mon, 23 Nov 2026 10:00:00 +0000");
            ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json").end(ok.encode());
        });
        return vertx.createHttpServer().requestHandler(r).listen(0).map(s -> self[0] = new FakeSendApis(s));
    }

    String base() {
        return "http://localhost:" + server.actualPort();
    }

    Future<Void> close() {
        return server.close();
    }
}
