package org.timebank.gateway.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.time.LocalTime;
import org.timebank.gateway.staff.Staff;
import org.timebank.ledger.Category;
import org.timebank.ledger.Org;

/** NGOs and their settings, the consortium's categories, and staff users. */
final class OrgRoutes {
    private static final String CODE = "[A-Z0-9_-]{2,16}";
    private final ApiServices s;

    OrgRoutes(ApiServices s) {
        this.s = s;
    }

    void mount(Router api) {
        api.get("/orgs").handler(Api.action(Api.ANY, (ctx, staff) -> s.ledger().directory().orgs()
                .map(list -> Api.Reply.ok(JsonViews.list(list, list.size(), JsonViews::org)))));

        api.post("/orgs").handler(Api.action(Api.ADMIN, (ctx, staff) -> {
            Body b = Body.of(ctx);
            String code = b.text("code", 16);
            if (!code.matches(CODE)) throw ApiError.unprocessable("invalid_code", "'code' must be 2-16 capital letters, digits, - or _");
            Org org = settings(b, new Org(0, code, b.text("name", 80), b.text("district", 80), null,
                    null, null, null, null, null, null, null));
            return s.ledger().directory().createOrg(org).map(c -> {
                if (c.conflict()) throw ApiError.conflict("org_exists", "An NGO with code " + code + " exists");
                return Api.Reply.created(JsonViews.org(c.value()));
            });
        }));

        api.patch("/orgs/:code").handler(Api.action(Api.ADMIN, (ctx, staff) -> {
            Body b = Body.of(ctx);
            String code = ctx.pathParam("code");
            if (!code.matches(CODE)) throw ApiError.notFound("NGO " + code);
            return s.ledger().directory().org(code).compose(existing -> {
                if (existing.isEmpty()) throw ApiError.notFound("NGO " + code);
                Org o = existing.get();
                Org named = new Org(o.id(), o.code(), b.present("name") ? b.text("name", 80) : o.name(),
                        b.present("district") ? b.text("district", 80) : o.district(), o.contact(),
                        o.startingCreditMinutes(), o.creditLimitMinutes(), o.monthlyCreditCapMinutes(),
                        o.approvalThresholdMinutes(), o.smsBudgetPerMonth(), o.sendWindowStart(), o.sendWindowEnd());
                return s.ledger().directory().updateOrg(settings(b, named))
                        .map(u -> Api.Reply.ok(JsonViews.org(u.orElseThrow())));
            });
        }));

        api.get("/categories").handler(Api.action(Api.ANY, (ctx, staff) -> s.ledger().directory().categories()
                .map(list -> Api.Reply.ok(JsonViews.list(list, list.size(), JsonViews::category)))));

        api.post("/categories").handler(Api.action(Api.ADMIN, (ctx, staff) -> {
            Body b = Body.of(ctx);
            String code = b.text("code", 32);
            if (!code.matches("[a-z0-9_-]{2,32}")) throw ApiError.unprocessable("invalid_code", "'code' must be 2-32 small letters, digits, - or _");
            JsonObject names = b.object("names");
            if (names == null) throw ApiError.badRequest("missing_field", "'names' is required: {en, zh, sw}");
            Body n = Body.wrap(names);
            Category c = new Category(code, n.text("en", 60), n.text("zh", 60), n.text("sw", 60));
            return s.ledger().directory().createCategory(c).map(r -> {
                if (r.conflict()) throw ApiError.conflict("category_exists", "A category with code " + code + " exists");
                return Api.Reply.created(JsonViews.category(c));
            });
        }));

        api.post("/staff").handler(Api.action(Api.MANAGERS, (ctx, staff) -> {
            Body b = Body.of(ctx);
            String username = b.text("username", 64);
            String password = b.text("password", 200);
            String roleCode = b.text("role", 20);
            Staff.Role role = Staff.Role.fromCode(roleCode)
                    .orElseThrow(() -> ApiError.unprocessable("invalid_role", "'role' must be admin, coordinator or agent"));
            String org = b.optionalText("org", 16);
            if (!staff.isAdmin()) {
                // Coordinators add agents; a second coordinator (who could approve the first one's
                // credits) is created by an admin, so four-eyes approval cannot be bypassed.
                if (role != Staff.Role.AGENT) throw ApiError.forbidden("A coordinator creates agents; an admin creates coordinators and admins");
                if (org != null && !org.equals(staff.org())) throw ApiError.forbidden("A coordinator creates staff of their own NGO only");
                org = staff.org();
            }
            if (role == Staff.Role.ADMIN) org = null;
            else if (org == null) throw ApiError.badRequest("missing_field", "'org' is required for a coordinator or agent");
            if (!username.matches("[A-Za-z0-9._@-]{3,64}")) {
                throw ApiError.unprocessable("invalid_username", "'username' must be 3-64 letters, digits, . _ @ or -");
            }
            if (password.length() < 10) throw ApiError.unprocessable("weak_password", "'password' must have at least 10 characters");
            String orgCode = org;
            return (orgCode == null ? Future.succeededFuture(true) : s.ledger().directory().org(orgCode).map(o -> o.isPresent()))
                    .compose(known -> {
                        if (!known) throw ApiError.unprocessable("unknown_org", "No NGO with code " + orgCode);
                        return s.staff().create(username, password, role, orgCode, staff.id());
                    })
                    .map(created -> {
                        if (created.isEmpty()) throw ApiError.conflict("username_taken", "The username " + username + " is taken");
                        Staff c = created.get();
                        return Api.Reply.created(new JsonObject().put("id", c.id()).put("username", c.username())
                                .put("role", c.role().code()).put("org", c.org()));
                    });
        }));
    }

    /** Applies the settings present in the body to an NGO; absent fields keep their value, null clears a limit. */
    private static Org settings(Body b, Org o) {
        Long starting = b.present("startingCreditHours") ? b.optionalHoursSetting("startingCreditHours") : o.startingCreditMinutes();
        Long limit = b.present("creditLimitHours") ? b.optionalHoursSetting("creditLimitHours") : o.creditLimitMinutes();
        Long cap = b.present("monthlyCreditCapHours") ? b.optionalHoursSetting("monthlyCreditCapHours") : o.monthlyCreditCapMinutes();
        Long threshold = b.present("approvalThresholdHours") ? b.optionalHoursSetting("approvalThresholdHours") : o.approvalThresholdMinutes();
        if (threshold != null && threshold == 0) throw ApiError.unprocessable("hours_not_positive", "'approvalThresholdHours' must be more than 0 or null");
        Integer budget = b.present("smsBudgetPerMonth") ? b.optionalInt("smsBudgetPerMonth") : o.smsBudgetPerMonth();
        String contact = b.present("contact") ? b.optionalText("contact", 120) : o.contact();
        LocalTime start = o.sendWindowStart(), end = o.sendWindowEnd();
        if (b.present("sendWindow")) {
            JsonObject w = b.object("sendWindow");
            if (w == null) {
                start = null;
                end = null;
            } else {
                start = JsonViews.time(w.getValue("start") instanceof String v ? v : null, "sendWindow.start");
                end = JsonViews.time(w.getValue("end") instanceof String v ? v : null, "sendWindow.end");
            }
        }
        return new Org(o.id(), o.code(), o.name(), o.district(), contact, starting, limit, cap, threshold, budget, start, end);
    }
}
