package org.timebank.gateway.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import org.timebank.gateway.staff.Staff;
import org.timebank.ledger.Member;
import org.timebank.ledger.pg.PgDirectory;
import org.timebank.ledger.pg.PgTransfers;

/**
 * Members: register on a member's behalf, search and list (the lockout queue is
 * {@code ?status=locked}), details, PIN reset, suspension and erasure. Staff of one NGO see only
 * their own members: another NGO's member answers 404 as if it did not exist.
 */
final class MemberRoutes {
    static final Set<String> STATUSES = Set.of("pin_required", "active", "locked", "suspended", "erased");
    private final ApiServices s;

    MemberRoutes(ApiServices s) {
        this.s = s;
    }

    void mount(Router api) {
        api.post("/members").handler(Api.action(Api.ANY, (ctx, staff) -> {
            Body b = Body.of(ctx);
            String rawPhone = b.text("phone", 32);
            String name = b.text("name", 200);
            String org = b.optionalText("org", 16);
            String language = b.optionalText("language", 5);
            if (org == null) {
                if (staff.isAdmin()) throw ApiError.badRequest("missing_field", "'org' is required");
                org = staff.org();
            }
            if (!staff.sees(org)) throw ApiError.forbidden("Staff register members of their own NGO only");
            if (name.length() < 2 || name.length() > 40) throw ApiError.unprocessable("invalid_name", "'name' must have 2-40 characters");
            if (language == null) language = "en";
            if (!Member.LANGUAGES.contains(language)) throw ApiError.unprocessable("invalid_language", "'language' must be en, zh or sw");
            String phone = s.phones().normalise(rawPhone)
                    .orElseThrow(() -> ApiError.unprocessable("invalid_phone", "'phone' is not a valid phone number"));
            String orgCode = org;
            return s.ledger().directory().register(
                            new PgDirectory.NewMember(phone, name, orgCode, language, null, staff.actor()),
                            s.notices()::registeredByStaff, s.notices())
                    .map(r -> switch (r.outcome()) {
                        case PHONE_TAKEN -> throw ApiError.conflict("phone_taken", "This phone number is already a member");
                        case UNKNOWN_ORG -> throw ApiError.unprocessable("unknown_org", "No NGO with code " + orgCode);
                        case REGISTERED -> Api.Reply.created(new JsonObject().put("id", r.member().id())
                                .put("phone", r.member().phone()).put("status", r.member().status())
                                .put("member", JsonViews.member(r.member())));
                    });
        }));

        api.get("/members").handler(Api.action(Api.ANY, (ctx, staff) -> {
            String org = query(ctx, "org");
            if (!staff.isAdmin()) {
                if (org != null && !org.equals(staff.org())) throw ApiError.notFound("NGO " + org);
                org = staff.org();
            }
            String status = query(ctx, "status");
            if (status != null && !STATUSES.contains(status)) {
                throw ApiError.badRequest("invalid_query", "'status' must be one of " + String.join(", ", STATUSES));
            }
            Paging p = Paging.of(ctx);
            return s.ledger().directory().members(new PgDirectory.MemberQuery(query(ctx, "q"), org, status, p.page(), p.size()))
                    .map(page -> Api.Reply.ok(JsonViews.page(page, JsonViews::member)));
        }));

        api.get("/members/:id").handler(Api.action(Api.ANY, (ctx, staff) -> visibleMember(ctx, staff)
                .compose(m -> s.ledger().transfers().list(new PgTransfers.Query(m.id(), null, null, null, 1, 10))
                        .map(recent -> Api.Reply.ok(JsonViews.member(m)
                                .put("recentTransfers", JsonViews.page(recent, t -> JsonViews.transfer(t, staff)).getJsonArray("items")))))));

        api.post("/members/:id/pin-reset").handler(Api.action(Api.ANY, (ctx, staff) -> {
            String reason = Body.of(ctx).optionalText("reason", 500);
            return visibleMember(ctx, staff).compose(m -> s.ledger().pins().reset(m.id(), staff.actor(), reason, s.notices()::pinReset))
                    .map(m -> Api.Reply.ok(JsonViews.member(m.orElseThrow(() ->
                            ApiError.unprocessable("not_resettable", "A suspended or erased member's PIN cannot be reset")))));
        }));

        api.post("/members/:id/suspend").handler(Api.action(Api.MANAGERS, (ctx, staff) -> {
            String reason = Body.of(ctx).optionalText("reason", 500);
            return visibleMember(ctx, staff)
                    .compose(m -> s.ledger().directory().setStatus(m.id(), "active,pin_required", "suspended", staff.actor(), reason))
                    .map(m -> Api.Reply.ok(JsonViews.member(m.orElseThrow(() ->
                            ApiError.unprocessable("not_suspendable", "Only an active member can be suspended")))));
        }));

        api.post("/members/:id/reactivate").handler(Api.action(Api.MANAGERS, (ctx, staff) -> {
            String reason = Body.of(ctx).optionalText("reason", 500);
            return visibleMember(ctx, staff)
                    .compose(m -> s.ledger().directory().setStatus(m.id(), "suspended", "active", staff.actor(), reason))
                    .map(m -> Api.Reply.ok(JsonViews.member(m.orElseThrow(() ->
                            ApiError.unprocessable("not_suspended", "Only a suspended member can be reactivated")))));
        }));

        api.post("/members/:id/erasure").handler(Api.action(Api.ADMIN, (ctx, staff) -> {
            String reason = Body.of(ctx).text("reason", 500);
            return visibleMember(ctx, staff).compose(m -> s.ledger().directory().erase(m.id(), staff.actor(), reason))
                    .map(m -> Api.Reply.ok(JsonViews.member(m.orElseThrow(() ->
                            ApiError.unprocessable("already_erased", "This member was erased already")))));
        }));
    }

    /** The member named in the path, if this staff user may see it; else 404. */
    private Future<Member> visibleMember(RoutingContext ctx, Staff staff) {
        String raw = ctx.pathParam("id");
        if (!raw.matches("[0-9]{1,18}")) return Future.failedFuture(ApiError.notFound("Member " + raw));
        return s.ledger().directory().member(Long.parseLong(raw)).map(m -> {
            if (m.isEmpty() || !staff.sees(m.get().org())) throw ApiError.notFound("Member " + raw);
            return m.get();
        });
    }

    static String query(RoutingContext ctx, String name) {
        String v = ctx.queryParams().get(name);
        return v == null || v.isBlank() ? null : v.trim();
    }

    /** {@code ?page=} from 1 and {@code ?size=} up to 200 (default 50). */
    record Paging(int page, int size) {
        static Paging of(RoutingContext ctx) {
            return new Paging(number(ctx, "page", 1, 1, 1_000_000), number(ctx, "size", 50, 1, 200));
        }

        private static int number(RoutingContext ctx, String name, int fallback, int min, int max) {
            String v = query(ctx, name);
            if (v == null) return fallback;
            if (!v.matches("[0-9]{1,7}") || Integer.parseInt(v) < min || Integer.parseInt(v) > max) {
                throw ApiError.badRequest("invalid_query", "'" + name + "' must be a whole number from " + min + " to " + max);
            }
            return Integer.parseInt(v);
        }
    }
}
