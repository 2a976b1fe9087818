package org.timebank.gateway.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.timebank.gateway.staff.Staff;
import org.timebank.ledger.Org;
import org.timebank.ledger.pg.PgBroadcasts;
import org.timebank.sms.Encoding;
import org.timebank.sms.Gsm7;
import org.timebank.sms.Segments;

/**
 * Broadcasts: preview (recipients, encoding, segments, so the cost) and send now or at a time,
 * through the outbox at the provider's rate, within each NGO's send window and monthly SMS budget.
 * A coordinator reaches their own NGO's members only.
 */
final class BroadcastRoutes {
    static final List<String> LANGUAGES = List.of("en", "zh", "sw");
    private final ApiServices s;

    BroadcastRoutes(ApiServices s) {
        this.s = s;
    }

    /** A broadcast request read from its body. */
    private record Draft(Map<String, String> bodies, PgBroadcasts.Segment segment, Instant sendAt) {}

    void mount(Router api) {
        api.post("/broadcasts/preview").handler(Api.action(Api.MANAGERS, (ctx, staff) -> {
            Draft d = draft(Body.of(ctx), staff);
            return preview(d).map(Api.Reply::ok);
        }));

        api.post("/broadcasts").handler(Api.action(Api.MANAGERS, (ctx, staff) -> {
            Draft d = draft(Body.of(ctx), staff);
            Map<String, Integer> perLanguage = segmentsPerLanguage(d.bodies());
            return preview(d).compose(p -> budgetCheck(d, perLanguage).compose(v -> scopeId(staff)).compose(scopeId ->
                    s.broadcasts().create(staff.actor(), scopeId, d.bodies(), perLanguage, d.segment(), d.sendAt(),
                                    p.getInteger("recipients"), p.getInteger("totalSegments"))
                            .compose(id -> s.broadcasts().status(id, null))
                            .map(st -> Api.Reply.created(new JsonObject().put("id", st.orElseThrow().getLong("id"))
                                    .put("status", st.get().getString("status")).put("recipients", p.getInteger("recipients"))
                                    .put("totalSegments", p.getInteger("totalSegments"))))));
        }));

        api.get("/broadcasts/:id").handler(Api.action(Api.MANAGERS, (ctx, staff) -> {
            String raw = ctx.pathParam("id");
            if (!raw.matches("[0-9]{1,18}")) throw ApiError.notFound("Broadcast " + raw);
            return s.broadcasts().status(Long.parseLong(raw), staff.isAdmin() ? null : staff.org())
                    .map(st -> Api.Reply.ok(st.orElseThrow(() -> ApiError.notFound("Broadcast " + raw))));
        }));
    }

    private Draft draft(Body b, Staff staff) {
        Map<String, String> bodies = new HashMap<>();
        String one = b.optionalText("message", 1600);
        JsonObject per = b.object("messages");
        if (one == null && per == null) throw ApiError.badRequest("missing_field", "'message' or 'messages' is required");
        if (one != null) LANGUAGES.forEach(l -> bodies.put(l, one));
        else {
            Body m = Body.wrap(per);
            String en = m.text("en", 1600);
            for (String l : LANGUAGES) {
                String t = m.optionalText(l, 1600);
                bodies.put(l, t == null ? en : t);
            }
        }
        bodies.replaceAll((l, t) -> Gsm7.normalise(t));
        JsonObject seg = b.object("segment");
        Body sb = Body.wrap(seg == null ? new JsonObject() : seg);
        List<String> orgs = list(sb, "orgs"), districts = list(sb, "districts"), languages = list(sb, "languages"), categories = list(sb, "categories");
        for (String l : languages) if (!LANGUAGES.contains(l)) throw ApiError.unprocessable("invalid_language", "segment.languages: en, zh or sw");
        if (!staff.isAdmin()) {
            for (String o : orgs) if (!o.equals(staff.org())) throw ApiError.forbidden("A coordinator broadcasts to their own NGO only");
        }
        Instant sendAt = Instant.now();
        String at = b.optionalText("sendAt", 40);
        if (at != null) {
            try {
                sendAt = Instant.parse(at);
            } catch (DateTimeParseException e) {
                throw ApiError.badRequest("invalid_field", "'sendAt' must be ISO-8601 in UTC, e.g. 2026-12-01T09:00:00Z");
            }
            if (sendAt.isBefore(Instant.now())) sendAt = Instant.now();
        }
        return new Draft(bodies, new PgBroadcasts.Segment(orgs, districts, languages, staff.isAdmin() ? null : staff.org(), categories), sendAt);
    }

    private static List<String> list(Body b, String field) {
        if (!b.has(field)) return List.of();
        Object v = b.raw(field);
        if (!(v instanceof JsonArray a)) throw ApiError.badRequest("invalid_field", "'segment." + field + "' must be a list");
        List<String> out = new ArrayList<>();
        for (Object o : a) {
            if (!(o instanceof String str) || str.isBlank() || str.length() > 80) {
                throw ApiError.badRequest("invalid_field", "'segment." + field + "' must be a list of names");
            }
            out.add(str.trim());
        }
        return out;
    }

    private static Map<String, Integer> segmentsPerLanguage(Map<String, String> bodies) {
        Map<String, Integer> m = new HashMap<>();
        bodies.forEach((l, t) -> m.put(l, Segments.count(t)));
        return m;
    }

    private Future<JsonObject> preview(Draft d) {
        Map<String, Integer> perLanguage = segmentsPerLanguage(d.bodies());
        return s.broadcasts().countByLanguage(d.segment()).map(counts -> {
            JsonObject byLanguage = new JsonObject();
            long recipients = 0, total = 0;
            for (String l : LANGUAGES) {
                long n = counts.getOrDefault(l, 0L);
                recipients += n;
                total += n * perLanguage.get(l);
                byLanguage.put(l, new JsonObject().put("recipients", n).put("encoding", Encoding.of(d.bodies().get(l)).label())
                        .put("segmentsPerMessage", perLanguage.get(l)));
            }
            return new JsonObject().put("recipients", recipients).put("totalSegments", total).put("byLanguage", byLanguage);
        });
    }

    /** A broadcast may not take any NGO past its monthly SMS budget (counted in segments). */
    private Future<Void> budgetCheck(Draft d, Map<String, Integer> perLanguage) {
        return s.broadcasts().segmentsByOrg(d.segment(), perLanguage).compose(needed -> s.broadcasts().usedThisMonth()
                .compose(used -> s.ledger().directory().orgs().map(orgs -> {
                    for (Org o : orgs) {
                        long want = needed.getOrDefault(o.code(), 0L);
                        if (want == 0 || o.smsBudgetPerMonth() == null) continue;
                        long already = used.getOrDefault(o.code(), 0L);
                        if (already + want > o.smsBudgetPerMonth()) {
                            throw ApiError.unprocessable("over_sms_budget", o.code() + " has " + Math.max(0, o.smsBudgetPerMonth() - already)
                                    + " SMS segments left this month; this broadcast needs " + want);
                        }
                    }
                    return null;
                })));
    }

    private Future<Long> scopeId(Staff staff) {
        if (staff.isAdmin()) return Future.succeededFuture(null);
        return s.ledger().directory().org(staff.org()).map(o -> o.orElseThrow().id());
    }
}
