package org.timebank.ledger.pg;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Broadcasts to a segment of members. The recipients are chosen and their outbox rows written by
 * one {@code INSERT … SELECT} inside PostgreSQL, so a 50,000-member broadcast is created in seconds
 * without the list passing through memory. Only members who did not send STOP (nor opted out at the
 * carrier) are included. Each row waits until the send time, moved into its NGO's send window.
 */
public final class PgBroadcasts {
    private final Pool pool;
    private final String timeZone;

    public PgBroadcasts(Pool pool, String timeZone) {
        this.pool = pool;
        this.timeZone = timeZone;
    }

    /** Who a broadcast goes to; empty lists mean all. {@code scopeOrg} limits a coordinator to their NGO. */
    public record Segment(List<String> orgs, List<String> districts, List<String> languages, String scopeOrg, List<String> categories) {}

    private static final String AUDIENCE = """
            FROM members m JOIN orgs o ON o.id = m.org_id
            WHERE m.status IN ('active', 'pin_required') AND m.phone IS NOT NULL AND NOT m.opted_out AND NOT m.carrier_opted_out
              AND (cardinality($1::text[]) = 0 OR o.code = ANY($1))
              AND (cardinality($2::text[]) = 0 OR o.district = ANY($2))
              AND (cardinality($3::text[]) = 0 OR m.language = ANY($3))
              AND ($4::text IS NULL OR o.code = $4)
              AND (cardinality($5::text[]) = 0 OR EXISTS (SELECT 1 FROM posts p WHERE p.member_id = m.id AND p.category = ANY($5)))""";

    private static Tuple segment(Segment s) {
        return Tuple.of(s.orgs().toArray(new String[0]), s.districts().toArray(new String[0]),
                s.languages().toArray(new String[0]), s.scopeOrg(), s.categories().toArray(new String[0]));
    }

    /** Recipients per language. */
    public Future<Map<String, Long>> countByLanguage(Segment s) {
        return pool.preparedQuery("SELECT m.language, count(*) " + AUDIENCE + " GROUP BY m.language").execute(segment(s)).map(rows -> {
            Map<String, Long> m = new HashMap<>();
            for (Row r : rows) m.put(r.getString(0), r.getLong(1));
            return m;
        });
    }

    /** Segments per NGO this broadcast would use, for the budget check. */
    public Future<Map<String, Long>> segmentsByOrg(Segment s, Map<String, Integer> segmentsPerLanguage) {
        return pool.preparedQuery("SELECT o.code, m.language, count(*) " + AUDIENCE + " GROUP BY o.code, m.language").execute(segment(s))
                .map(rows -> {
                    Map<String, Long> m = new HashMap<>();
                    for (Row r : rows) m.merge(r.getString(0), r.getLong(2) * segmentsPerLanguage.getOrDefault(r.getString(1), 0), Long::sum);
                    return m;
                });
    }

    /** Broadcast segments each NGO's members received this calendar month (UTC). */
    public Future<Map<String, Long>> usedThisMonth() {
        return pool.query("""
                        SELECT o.code, COALESCE(sum(x.segments), 0)::bigint FROM outbox x JOIN members m ON m.id = x.member_id
                        JOIN orgs o ON o.id = m.org_id
                        WHERE x.broadcast_id IS NOT NULL AND x.status <> 'cancelled'
                          AND x.created_at >= date_trunc('month', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
                        GROUP BY o.code""").execute().map(rows -> {
            Map<String, Long> m = new HashMap<>();
            for (Row r : rows) m.put(r.getString(0), r.getLong(1));
            return m;
        });
    }

    /** Creates the broadcast and its outbox rows in one transaction; answers its id. */
    public Future<Long> create(String createdBy, Long scopeOrgId, Map<String, String> bodies, Map<String, Integer> segmentsPerLanguage,
                               Segment s, Instant sendAt, int recipients, int totalSegments) {
        JsonObject messages = new JsonObject(new HashMap<>(bodies));
        JsonObject seg = new JsonObject().put("orgs", s.orgs()).put("districts", s.districts()).put("languages", s.languages())
                .put("categories", s.categories());
        return Tx.run(pool, conn -> conn.preparedQuery("""
                        INSERT INTO broadcasts (created_by, scope_org_id, messages, segment, send_at, recipients, total_segments)
                        VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id""")
                .execute(Tuple.of(createdBy, scopeOrgId, messages, seg, utc(sendAt), recipients, totalSegments))
                .compose(rows -> {
                    long id = rows.iterator().next().getLong(0);
                    Tuple t = segment(s).addLong(id).addString(bodies.get("en")).addString(bodies.get("zh")).addString(bodies.get("sw"))
                            .addInteger(segmentsPerLanguage.get("en")).addInteger(segmentsPerLanguage.get("zh")).addInteger(segmentsPerLanguage.get("sw"))
                            .addOffsetDateTime(utc(sendAt)).addString(timeZone);
                    return conn.preparedQuery("""
                                    INSERT INTO outbox (to_phone, member_id, body, purpose, priority, dedupe_key, broadcast_id, segments, next_attempt_at)
                                    SELECT m.phone, m.id,
                                           CASE m.language WHEN 'zh' THEN $8 WHEN 'sw' THEN $9 ELSE $7 END,
                                           'broadcast', 1, 'broadcast:' || $6::bigint || ':' || m.id, $6::bigint,
                                           CASE m.language WHEN 'zh' THEN $11::smallint WHEN 'sw' THEN $12::smallint ELSE $10::smallint END,
                                           CASE
                                             WHEN o.send_window_start IS NULL OR o.send_window_end IS NULL THEN $13::timestamptz
                                             WHEN ($13::timestamptz AT TIME ZONE $14)::time BETWEEN o.send_window_start AND o.send_window_end THEN $13::timestamptz
                                             WHEN ($13::timestamptz AT TIME ZONE $14)::time < o.send_window_start
                                               THEN (date_trunc('day', $13::timestamptz AT TIME ZONE $14) + o.send_window_start) AT TIME ZONE $14
                                             ELSE (date_trunc('day', $13::timestamptz AT TIME ZONE $14) + interval '1 day' + o.send_window_start) AT TIME ZONE $14
                                           END
                                    """ + AUDIENCE)
                            .execute(t).map(v -> id);
                }));
    }

    /** A broadcast's progress as http.md shapes it, or empty if unknown or outside {@code scopeOrg}. */
    public Future<Optional<JsonObject>> status(long id, String scopeOrg) {
        return pool.preparedQuery("""
                        SELECT b.id, b.recipients, b.send_at, b.status, o.code AS scope,
                               count(x.id) FILTER (WHERE x.status IN ('queued', 'sending')) AS queued,
                               count(x.id) FILTER (WHERE x.status = 'sent') AS sent,
                               count(x.id) FILTER (WHERE x.status = 'delivered') AS delivered,
                               count(x.id) FILTER (WHERE x.status = 'failed') AS failed
                        FROM broadcasts b LEFT JOIN orgs o ON o.id = b.scope_org_id LEFT JOIN outbox x ON x.broadcast_id = b.id
                        WHERE b.id = $1 GROUP BY b.id, o.code""")
                .execute(Tuple.of(id)).map(rows -> {
                    if (rows.size() == 0) return Optional.empty();
                    Row r = rows.iterator().next();
                    if (scopeOrg != null && !scopeOrg.equals(r.getString("scope"))) return Optional.empty();
                    long queued = r.getLong("queued"), sent = r.getLong("sent"), delivered = r.getLong("delivered");
                    String status = "cancelled".equals(r.getString("status")) ? "cancelled"
                            : queued > 0 && sent + delivered + r.getLong("failed") == 0 && r.getOffsetDateTime("send_at").toInstant().isAfter(Instant.now())
                            ? "scheduled" : queued > 0 ? "sending" : "done";
                    return Optional.of(new JsonObject().put("id", r.getLong("id")).put("status", status).put("recipients", r.getInteger("recipients"))
                            .put("queued", queued).put("sent", sent + delivered).put("delivered", delivered).put("failed", r.getLong("failed")));
                });
    }

    private static OffsetDateTime utc(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }
}
