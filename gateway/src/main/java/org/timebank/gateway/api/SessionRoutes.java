package org.timebank.gateway.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/** {@code POST /session}: sign in with a username and password, get a bearer token. */
final class SessionRoutes {
    private final ApiServices s;

    SessionRoutes(ApiServices s) {
        this.s = s;
    }

    void mount(Router api) {
        api.post("/session").handler(Api.action(Api.ANY, (ctx, none) -> {
            Body body = Body.of(ctx);
            String username = body.text("username", 64);
            String password = body.text("password", 200);
            String key = username.toLowerCase(Locale.ROOT);
            AtomicInteger failures = s.failedLogins().getIfPresent(key);
            if (failures != null && failures.get() >= ApiServices.LOGIN_MAX_FAILURES) {
                return Future.failedFuture(new ApiError(429, "too_many_attempts",
                        "Too many failed sign-ins for this user; try again in 15 minutes"));
            }
            return s.staff().login(username, password).map(session -> {
                if (session.isEmpty()) {
                    s.failedLogins().get(key, k -> new AtomicInteger()).incrementAndGet();
                    throw new ApiError(401, "invalid_credentials", "Wrong username or password");
                }
                s.failedLogins().invalidate(key);
                var st = session.get().staff();
                return Api.Reply.ok(new JsonObject().put("token", session.get().token()).put("role", st.role().code())
                        .put("org", st.org()).put("username", st.username())
                        .put("expiresInSeconds", org.timebank.gateway.staff.StaffStore.SESSION_LIFETIME.toSeconds()));
            });
        }));
    }
}
