package org.timebank.gateway;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.timebank.gateway.api.Api;
import org.timebank.gateway.api.ApiServices;
import org.timebank.ledger.pg.PgLedger;

/** The HTTP server: health, metrics, the simulator's inbox and the staff API, each on its own path. */
public final class HttpVerticle extends VerticleBase {
    private static final org.slf4j.Logger ACCESS = org.slf4j.LoggerFactory.getLogger("org.timebank.gateway.access");
    private final Config config;
    private final PgLedger ledger;
    private final ApiServices api;
    private final PrometheusMeterRegistry metrics;
    private final org.timebank.gateway.ussd.AfricasTalkingUssd ussd;
    private final org.timebank.gateway.sms.SmsWebhooks sms;
    private HttpServer server;
    private final String simulatorPage = resource("/simulator/index.html");
    private final String consolePage = resource("/console/index.html");

    public HttpVerticle(Config config, PgLedger ledger, ApiServices api, PrometheusMeterRegistry metrics,
                        org.timebank.gateway.ussd.AfricasTalkingUssd ussd, org.timebank.gateway.sms.SmsWebhooks sms) {
        this.sms = sms;
        this.config = config;
        this.ledger = ledger;
        this.api = api;
        this.metrics = metrics;
        this.ussd = ussd;
    }

    @Override
    public Future<?> start() {
        Router root = Router.router(vertx);
        root.route().handler(HttpVerticle::accessLog);
        root.get("/health").handler(this::health);
        root.get("/metrics").handler(ctx -> ctx.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")
                .end(metrics.scrape()));
        root.get("/simulator/inbox").handler(this::inbox);
        root.get("/simulator").handler(this::simulator);
        root.get("/").handler(ctx -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
                .putHeader("Content-Security-Policy", "default-src 'self'; script-src 'unsafe-inline' 'self'; style-src 'unsafe-inline' 'self'; img-src 'self' blob: data:; frame-ancestors 'none'")
                .putHeader("X-Frame-Options", "DENY").end(consolePage));
        root.route("/ussd/africastalking*").subRouter(ussd.router(vertx));
        root.route("/sms/*").subRouter(sms.router(vertx));
        return io.vertx.openapi.contract.OpenAPIContract.from(vertx, validationCopy()).compose(contract -> {
            root.route("/api/v1/*").subRouter(Api.router(vertx, api, contract));
            server = vertx.createHttpServer(new HttpServerOptions().setCompressionSupported(true));
            return server.requestHandler(root).listen(config.port());
        });
    }

    public int port() {
        return server.actualPort();
    }

    /**
     * One debug line per request: method, path, status, milliseconds. Never the query string (it
     * carries Africa's Talking's callback token) nor the body (it can carry a PIN or a password).
     */
    private static void accessLog(RoutingContext ctx) {
        if (!ACCESS.isDebugEnabled()) {
            ctx.next();
            return;
        }
        long start = System.nanoTime();
        ctx.addEndHandler(v -> ACCESS.debug("{} {} {} {}ms", ctx.request().method(), ctx.request().path(), ctx.response().getStatusCode(),
                (System.nanoTime() - start) / 1_000_000));
        ctx.next();
    }

    private void health(RoutingContext ctx) {
        ledger.pool().query("SELECT 1").execute()
                .compose(v -> ledger.outbox().queued())
                .onSuccess(queued -> json(ctx, 200, new JsonObject().put("status", "ok")
                        .put("database", "ok").put("outboxQueued", queued).put("smsProvider", config.smsProvider())))
                .onFailure(e -> json(ctx, 503, new JsonObject().put("status", "unavailable")
                        .put("database", "unreachable")));
    }

    /** The SMS sent to a number, newest first; only with the {@code log} provider. */
    private void inbox(RoutingContext ctx) {
        if (!"log".equals(config.smsProvider())) {
            json(ctx, 404, new JsonObject().put("error", new JsonObject().put("code", "not_found")
                    .put("message", "The inbox exists only with SMS_PROVIDER=log")));
            return;
        }
        String raw = ctx.queryParams().get("phone");
        var phone = api.phones().normalise(raw);
        if (phone.isEmpty()) {
            json(ctx, 400, new JsonObject().put("error", new JsonObject().put("code", "invalid_phone")
                    .put("message", "?phone= must be a phone number")));
            return;
        }
        ledger.outbox().inbox(phone.get(), 50).onSuccess(list -> {
            JsonArray a = new JsonArray();
            list.forEach(m -> a.add(new JsonObject().put("to", m.to()).put("body", m.body())
                    .put("createdAt", m.createdAt().toString()).put("status", m.status())));
            ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8").end(a.encode());
        }).onFailure(ctx::fail);
    }

    /**
     * The phone simulator page (only with the {@code log} provider, like its inbox). It posts to the
     * Africa's Talking webhook; with {@code AT_CALLBACK_TOKEN} set the page carries the token, which
     * is acceptable only because the log provider means an offline demo deployment.
     */
    private void simulator(RoutingContext ctx) {
        if (!"log".equals(config.smsProvider())) {
            ctx.response().setStatusCode(404).end("The simulator exists only with SMS_PROVIDER=log");
            return;
        }
        String token = config.atCallbackToken() == null ? ""
                : "?token=" + java.net.URLEncoder.encode(config.atCallbackToken(), java.nio.charset.StandardCharsets.UTF_8);
        String page = simulatorPage.replace("__USSD_PATH__", "/ussd/africastalking" + token)
                .replace("__SMS_PATH__", "/sms/africastalking/inbound" + token).replace("__SERVICE_CODE__", config.ussdServiceCode());
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8").end(page);
    }

    /**
     * The OpenAPI document as the validator reads it: Vert.x's contract loader knows no
     * {@code text/csv}, so the copy it reads names the CSV export's answer {@code text/plain}.
     * Clients get the document as written, at {@code /api/v1/openapi.yaml}.
     */
    private static String validationCopy() {
        try {
            java.nio.file.Path copy = java.nio.file.Files.createTempFile("timebank-openapi", ".yaml");
            copy.toFile().deleteOnExit();
            java.nio.file.Files.writeString(copy, resource("/openapi.yaml").replace("text/csv:", "text/plain:"));
            return copy.toString();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot prepare the OpenAPI document: " + e.getMessage(), e);
        }
    }

    private static String resource(String name) {
        try (var in = HttpVerticle.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException | NullPointerException e) {
            throw new IllegalStateException("missing resource " + name, e);
        }
    }

    private static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8").end(body.encode());
    }

    @Override
    public Future<?> stop() {
        // Stop accepting, let requests in flight finish (up to 10 s), then close.
        return server == null ? Future.succeededFuture() : server.shutdown(10, java.util.concurrent.TimeUnit.SECONDS);
    }
}
