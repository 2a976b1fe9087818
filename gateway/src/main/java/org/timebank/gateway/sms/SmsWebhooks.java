package org.timebank.gateway.sms;

import com.twilio.security.RequestValidator;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.timebank.ledger.Phones;
import org.timebank.ledger.pg.PgOutbox;

/**
 * The providers' SMS webhooks (http.md): Africa's Talking inbound and delivery reports (checked
 * with {@code ?token=AT_CALLBACK_TOKEN}), Twilio inbound and status callbacks (checked with the
 * SDK's {@code X-Twilio-Signature} validator against {@code PUBLIC_BASE_URL} + the path; 403 and
 * nothing done when wrong or missing). Fields and status words are declared as data below.
 */
public final class SmsWebhooks {
    private static final Logger LOG = LoggerFactory.getLogger(SmsWebhooks.class);
    static final String EMPTY_TWIML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>";

    /** Africa's Talking delivery statuses → ours (null: an interim state, nothing to record). */
    static final Map<String, String> AT_STATUS = Map.of("Success", "delivered", "Sent", "", "Submitted", "", "Buffered", "",
            "Rejected", "failed", "Failed", "failed", "Expired", "failed");
    /** Twilio message statuses → ours. */
    static final Map<String, String> TWILIO_STATUS = Map.of("delivered", "delivered", "undelivered", "failed", "failed", "failed",
            "sent", "", "queued", "", "sending", "", "accepted", "", "canceled", "failed", "read", "delivered");

    private final SmsInbound inbound;
    private final PgOutbox outbox;
    private final Phones phones;
    private final String atToken;
    private final String publicBaseUrl;
    private final RequestValidator twilio;
    private Vertx vertx;

    public SmsWebhooks(SmsInbound inbound, PgOutbox outbox, Phones phones, String atToken, String publicBaseUrl, String twilioAuthToken) {
        this.inbound = inbound;
        this.outbox = outbox;
        this.phones = phones;
        this.atToken = atToken;
        this.publicBaseUrl = publicBaseUrl;
        this.twilio = twilioAuthToken == null ? null : new RequestValidator(twilioAuthToken);
    }

    public Router router(Vertx vertx) {
        this.vertx = vertx;
        Router r = Router.router(vertx);
        r.route().handler(BodyHandler.create(false).setBodyLimit(16 * 1024));
        r.post("/africastalking/inbound").handler(ctx -> at(ctx, this::atInbound));
        r.post("/africastalking/delivery").handler(ctx -> at(ctx, this::atDelivery));
        r.post("/twilio/inbound").handler(ctx -> signed(ctx, this::twilioInbound));
        r.post("/twilio/status").handler(ctx -> signed(ctx, this::twilioStatus));
        r.route().failureHandler(ctx -> {
            if (ctx.response().ended()) return;
            int status = ctx.statusCode();
            if (status == 403 || status == 400) plain(ctx, status, status == 403 ? "forbidden" : "bad request");
            else if (status == 413) plain(ctx, 400, "bad request: body too large");
            else {
                LOG.error("SMS webhook failed: {}", ctx.failure() == null ? "status " + status : ctx.failure().toString());
                plain(ctx, 500, "error");
            }
        });
        return r;
    }

    private void at(RoutingContext ctx, java.util.function.Consumer<RoutingContext> then) {
        String given = ctx.queryParams().get("token");
        if (atToken != null && (given == null || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), atToken.getBytes(StandardCharsets.UTF_8)))) {
            ctx.fail(403);
            return;
        }
        then.accept(ctx);
    }

    private void signed(RoutingContext ctx, java.util.function.Consumer<RoutingContext> then) {
        String signature = ctx.request().getHeader("X-Twilio-Signature");
        Map<String, String> params = new HashMap<>();
        ctx.request().formAttributes().forEach(e -> params.put(e.getKey(), e.getValue()));
        if (twilio == null || signature == null || !twilio.validate(publicBaseUrl + ctx.request().uri(), params, signature)) {
            ctx.fail(403);
            return;
        }
        then.accept(ctx);
    }

    private void atInbound(RoutingContext ctx) {
        MultiMap f = ctx.request().formAttributes();
        String id = f.get("id"), from = f.get("from"), text = f.get("text");
        if (blank(id) || blank(from) || text == null) {
            plain(ctx, 400, "bad request: id, from and text are required");
            return;
        }
        receive(ctx, "africastalking", id, from, text, () -> plain(ctx, 200, "ok"));
    }

    private void twilioInbound(RoutingContext ctx) {
        MultiMap f = ctx.request().formAttributes();
        String sid = f.get("MessageSid"), from = f.get("From");
        String body = f.get("Body") == null ? "" : f.get("Body");
        if (blank(sid) || blank(from)) {
            plain(ctx, 400, "bad request: MessageSid and From are required");
            return;
        }
        receive(ctx, "twilio", sid, from, body, () -> ctx.response().setStatusCode(200)
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/xml; charset=utf-8").end(EMPTY_TWIML));
    }

    private void receive(RoutingContext ctx, String provider, String id, String from, String body, Runnable ok) {
        var phone = phones.normalise(from);
        if (phone.isEmpty() || id.length() > 128 || body.length() > 1600) {
            plain(ctx, 400, "bad request: unreadable sender or oversized message");
            return;
        }
        inbound.receive(provider, id, phone.get(), body).onSuccess(v -> ok.run()).onFailure(ctx::fail);
    }

    private void atDelivery(RoutingContext ctx) {
        MultiMap f = ctx.request().formAttributes();
        String id = f.get("id"), status = f.get("status");
        if (blank(id) || blank(status)) {
            plain(ctx, 400, "bad request: id and status are required");
            return;
        }
        String reason = f.get("failureReason");
        delivery(ctx, "africastalking", id, AT_STATUS.get(status), reason, "UserInBlackList".equals(reason) ? f.get("phoneNumber") : null,
                () -> plain(ctx, 200, "ok"));
    }

    private void twilioStatus(RoutingContext ctx) {
        MultiMap f = ctx.request().formAttributes();
        String sid = f.get("MessageSid"), status = f.get("MessageStatus");
        if (blank(sid) || blank(status)) { // courier's lesson: answer 200 and ignore
            plain(ctx, 200, "ignored");
            return;
        }
        String code = f.get("ErrorCode");
        delivery(ctx, "twilio", sid, TWILIO_STATUS.get(status.toLowerCase(Locale.ROOT)), blank(code) ? null : "Twilio " + code,
                "21610".equals(code) ? f.get("To") : null, () -> plain(ctx, 200, "ok"));
    }

    private void delivery(RoutingContext ctx, String provider, String id, String ours, String reason, String optedOutPhone, Runnable ok) {
        if (ours == null) LOG.info("{} delivery report with an unknown status ignored", provider);
        io.vertx.core.Future<?> optOut = optedOutPhone == null ? io.vertx.core.Future.succeededFuture()
                : phones.normalise(optedOutPhone).map(outbox::carrierOptOut).orElse(io.vertx.core.Future.succeededFuture());
        io.vertx.core.Future<?> update = ours == null || ours.isEmpty() ? io.vertx.core.Future.succeededFuture()
                : outbox.delivery(provider, id, ours, "failed".equals(ours) ? reason : null).onSuccess(matched -> {
                    if (!matched) laterDelivery(provider, id, ours, "failed".equals(ours) ? reason : null, 0);
                });
        io.vertx.core.Future.all(optOut, update).onSuccess(v -> ok.run()).onFailure(ctx::fail);
    }

    /** Seconds after which a report that matched no sent message is tried again. */
    static final long[] LATE_MATCH_SECONDS = {2, 10, 30};

    /**
     * A report may arrive before its message is marked sent (the dispatcher marks a claim's accepted
     * messages together): it is tried again a few times, then dropped (an unknown id stays unknown).
     */
    private void laterDelivery(String provider, String id, String ours, String reason, int attempt) {
        if (vertx == null || attempt >= LATE_MATCH_SECONDS.length) return;
        vertx.setTimer(LATE_MATCH_SECONDS[attempt] * 1000, t -> outbox.delivery(provider, id, ours, reason)
                .onSuccess(matched -> {
                    if (!matched) laterDelivery(provider, id, ours, reason, attempt + 1);
                })
                .onFailure(e -> LOG.warn("{} delivery report not recorded: {}", provider, e.getMessage())));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static void plain(RoutingContext ctx, int status, String body) {
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8").end(body);
    }
}
