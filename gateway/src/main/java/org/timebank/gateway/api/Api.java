package org.timebank.gateway.api;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.timebank.gateway.staff.Staff;
import org.timebank.gateway.staff.Staff.Role;

/**
 * The staff JSON API under {@code /api/v1}: a body limit, bearer-token authentication, role checks,
 * and one failure handler that turns every refusal into http.md's error shape.
 */
public final class Api {
    private static final Logger LOG = LoggerFactory.getLogger(Api.class);
    static final int BODY_LIMIT_BYTES = 64 * 1024;
    static final String STAFF = "staff";

    private Api() {}

    /** What a handler answers: a status and a JSON body. */
    record Reply(int status, Object body) {
        static Reply ok(Object body) {
            return new Reply(200, body);
        }

        static Reply created(Object body) {
            return new Reply(201, body);
        }
    }

    /** One endpoint's work, given the signed-in staff user. */
    @FunctionalInterface
    interface Action {
        Future<Reply> run(RoutingContext ctx, Staff staff);
    }

    /** The OpenAPI document clients generate from, served as written. */
    private static final String OPENAPI = resource("/openapi.yaml");

    public static Router router(Vertx vertx, ApiServices services, io.vertx.openapi.contract.OpenAPIContract contract) {
        Router api = Router.router(vertx);
        api.get("/openapi.yaml").handler(ctx -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/yaml; charset=utf-8").end(OPENAPI));
        api.route().handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT_BYTES));
        api.route().handler(new ContractValidation(vertx, contract)::handle);
        new SessionRoutes(services).mount(api);
        api.route().handler(ctx -> authenticate(ctx, services));
        new OrgRoutes(services).mount(api);
        new MemberRoutes(services).mount(api);
        new LedgerRoutes(services).mount(api);
        new ReportRoutes(services).mount(api);
        new BroadcastRoutes(services).mount(api);
        api.route().handler(ctx -> ctx.fail(ApiError.notFound("Endpoint " + ctx.request().method() + " " + ctx.normalizedPath())));
        api.route().failureHandler(Api::failure);
        return api;
    }

    private static void authenticate(RoutingContext ctx, ApiServices services) {
        String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            ctx.fail(ApiError.unauthorized());
            return;
        }
        services.staff().authenticate(header.substring(7).trim()).onComplete(r -> {
            if (r.failed()) ctx.fail(r.cause());
            else if (r.result().isEmpty()) ctx.fail(ApiError.unauthorized());
            else {
                ctx.put(STAFF, r.result().get());
                ctx.next();
            }
        });
    }

    /** Wraps an action with its role check and the JSON answer. */
    static Handler<RoutingContext> action(Set<Role> allowed, Action action) {
        EnumSet<Role> roles = EnumSet.copyOf(allowed);
        return ctx -> {
            Staff staff = ctx.get(STAFF);
            if (staff != null && !roles.contains(staff.role())) {
                ctx.fail(ApiError.forbidden("A " + staff.role().code() + " may not do this"));
                return;
            }
            Future<Reply> reply;
            try {
                reply = action.run(ctx, staff);
            } catch (RuntimeException e) {
                reply = Future.failedFuture(e);
            }
            reply.onSuccess(r -> send(ctx, r.status(), r.body())).onFailure(ctx::fail);
        };
    }

    private static String resource(String name) {
        try (var in = Api.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException | NullPointerException e) {
            throw new IllegalStateException("missing resource " + name, e);
        }
    }

    static final Set<Role> ANY = EnumSet.allOf(Role.class);
    static final Set<Role> MANAGERS = EnumSet.of(Role.ADMIN, Role.COORDINATOR);
    static final Set<Role> ADMIN = EnumSet.of(Role.ADMIN);

    private static void send(RoutingContext ctx, int status, Object body) {
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .end(body instanceof JsonObject o ? o.encode() : io.vertx.core.json.Json.encode(body));
    }

    private static void failure(RoutingContext ctx) {
        Throwable e = ctx.failure();
        ApiError error;
        if (e instanceof ApiError a) error = a;
        else if (ctx.statusCode() == 413) error = ApiError.badRequest("body_too_large", "The body is larger than " + BODY_LIMIT_BYTES + " bytes");
        else if (ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
            error = new ApiError(ctx.statusCode() == 405 ? 404 : 400, "bad_request", "The request could not be read");
        } else {
            LOG.error("API {} {} failed", ctx.request().method(), ctx.normalizedPath(), e);
            error = new ApiError(500, "internal_error", "Something went wrong on our side; nothing was changed by this request");
        }
        if (ctx.response().ended()) return;
        send(ctx, error.status(), error.toJson());
    }
}
