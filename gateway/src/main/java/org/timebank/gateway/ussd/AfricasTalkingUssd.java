package org.timebank.gateway.ussd;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.timebank.ledger.Phones;

/**
 * Africa's Talking USSD: {@code POST /ussd/africastalking} (one hop: form fields sessionId,
 * serviceCode, phoneNumber, networkCode, text; answer {@code text/plain} {@code CON …}/{@code END …})
 * and {@code POST /ussd/africastalking/events} (end-of-session notifications, stored). Africa's
 * Talking signs nothing, so both need {@code ?token=AT_CALLBACK_TOKEN} when it is set (403
 * otherwise). A malformed hop gets 400; a failure inside gets a polite {@code END} screen.
 */
public final class AfricasTalkingUssd {
    private static final Logger LOG = LoggerFactory.getLogger(AfricasTalkingUssd.class);
    static final String FAILURE_SCREEN = "END Sorry, something went wrong. Nothing was changed. Please dial again.";
    private final UssdHops hops;
    private final Phones phones;
    private final String callbackToken;

    public AfricasTalkingUssd(UssdHops hops, Phones phones, String callbackToken) {
        this.hops = hops;
        this.phones = phones;
        this.callbackToken = callbackToken;
    }

    public Router router(Vertx vertx) {
        Router r = Router.router(vertx);
        r.route().handler(BodyHandler.create(false).setBodyLimit(8 * 1024));
        r.route().handler(this::checkToken);
        r.post("/").handler(this::hop);
        r.post("/events").handler(this::event);
        r.route().failureHandler(ctx -> {
            if (ctx.response().ended()) return;
            if (ctx.statusCode() == 403) plain(ctx, 403, "forbidden");
            else if (ctx.statusCode() >= 400 && ctx.statusCode() < 500) plain(ctx, 400, "bad request");
            else {
                LOG.error("USSD hop failed: {}", ctx.failure() == null ? "status " + ctx.statusCode() : ctx.failure().toString());
                plain(ctx, 200, FAILURE_SCREEN);
            }
        });
        return r;
    }

    private void checkToken(RoutingContext ctx) {
        if (callbackToken == null) {
            ctx.next();
            return;
        }
        String given = ctx.queryParams().get("token");
        if (given == null || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), callbackToken.getBytes(StandardCharsets.UTF_8))) {
            ctx.fail(403);
            return;
        }
        ctx.next();
    }

    private void hop(RoutingContext ctx) {
        MultiMap form = ctx.request().formAttributes();
        String sessionId = form.get("sessionId"), phone = form.get("phoneNumber"), text = form.get("text");
        if (sessionId == null || sessionId.isBlank() || sessionId.length() > 128 || phone == null || text == null
                || form.get("serviceCode") == null || text.length() > 4000) {
            plain(ctx, 400, "bad request: sessionId, serviceCode, phoneNumber and text are required");
            return;
        }
        var e164 = phones.normalise(phone);
        if (e164.isEmpty()) {
            plain(ctx, 400, "bad request: phoneNumber is not a phone number");
            return;
        }
        hops.hop(sessionId, e164.get(), text).onSuccess(screen -> plain(ctx, 200, screen)).onFailure(ctx::fail);
    }

    private void event(RoutingContext ctx) {
        MultiMap form = ctx.request().formAttributes();
        String sessionId = form.get("sessionId"), status = form.get("status");
        if (sessionId == null || sessionId.isBlank() || status == null || status.isBlank()) {
            plain(ctx, 400, "bad request: sessionId and status are required");
            return;
        }
        String phone = phones.normalise(form.get("phoneNumber")).orElse(null);
        hops.maskedInput(sessionId, form.get("input"))
                .compose(input -> hops.store().recordEvent(sessionId, phone, status, input, integer(form.get("hopsCount")),
                        longOrNull(form.get("durationInMillis")), form.get("errorMessage")))
                .onSuccess(v -> plain(ctx, 200, "ok")).onFailure(ctx::fail);
    }

    private static Integer integer(String s) {
        return s != null && s.matches("[0-9]{1,9}") ? Integer.valueOf(s) : null;
    }

    private static Long longOrNull(String s) {
        return s != null && s.matches("[0-9]{1,18}") ? Long.valueOf(s) : null;
    }

    private static void plain(RoutingContext ctx, int status, String body) {
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8").end(body);
    }
}
