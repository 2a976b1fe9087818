package org.timebank.ledger.pg;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Impact numbers straight from the transfers (ledger rule: one source of truth). Reversed
 * transfers and their reversals cancel out, so a period's numbers count only what stands. An
 * exchange is a transfer between two members ({@code send} or {@code request}); a member is active
 * in a period when they took part in one.
 */
public final class PgReports {
    private final Pool pool;

    public PgReports(Pool pool) {
        this.pool = pool;
    }

    /** The summary of http.md for a period ({@code since} inclusive, {@code until} exclusive) and an optional NGO. */
    public Future<JsonObject> summary(Instant since, Instant until, String org) {
        Tuple period = Tuple.of(utc(since), utc(until), org);
        String exchanges = """
                WITH x AS (
                    SELECT t.* FROM transfer_details t
                    WHERE t.kind IN ('send', 'request') AND t.from_kind = 'member' AND t.to_kind = 'member'
                      AND NOT EXISTS (SELECT 1 FROM transfers r WHERE r.reverses = t.id)
                      AND ($1::timestamptz IS NULL OR t.created_at >= $1) AND ($2::timestamptz IS NULL OR t.created_at < $2)
                      AND ($3::text IS NULL OR t.from_org = $3 OR t.to_org = $3))
                """;
        Future<Row> totals = pool.preparedQuery(exchanges + """
                        SELECT (SELECT count(*) FROM members m JOIN orgs o ON o.id = m.org_id
                                WHERE m.status <> 'erased' AND ($3::text IS NULL OR o.code = $3)) AS members,
                               (SELECT count(DISTINCT p) FROM (SELECT from_member AS p, from_org AS o FROM x
                                                               UNION ALL SELECT to_member, to_org FROM x) a
                                WHERE $3::text IS NULL OR a.o = $3) AS active,
                               (SELECT count(*) FROM x) AS transfers,
                               (SELECT COALESCE(sum(amount_minutes), 0) FROM x)::bigint AS minutes""")
                .execute(period).map(rows -> rows.iterator().next());
        Future<JsonArray> byOrg = pool.preparedQuery(exchanges + """
                        SELECT o.code,
                               (SELECT count(*) FROM members m WHERE m.org_id = o.id AND m.status <> 'erased') AS members,
                               (SELECT count(DISTINCT p) FROM (SELECT from_member AS p FROM x WHERE from_org = o.code
                                                               UNION SELECT to_member FROM x WHERE to_org = o.code) a) AS active,
                               (SELECT COALESCE(sum(amount_minutes), 0) FROM x WHERE from_org = o.code)::bigint AS given,
                               (SELECT COALESCE(sum(amount_minutes), 0) FROM x WHERE to_org = o.code)::bigint AS received
                        FROM orgs o WHERE $3::text IS NULL OR o.code = $3 ORDER BY o.code""")
                .execute(period).map(rows -> {
                    JsonArray a = new JsonArray();
                    for (Row r : rows) {
                        a.add(new JsonObject().put("org", r.getString("code")).put("members", r.getLong("members"))
                                .put("activeMembers", r.getLong("active")).put("givenMinutes", r.getLong("given"))
                                .put("receivedMinutes", r.getLong("received")));
                    }
                    return a;
                });
        Future<JsonArray> byCategory = pool.preparedQuery(exchanges + """
                        SELECT category, count(*) AS n, sum(amount_minutes)::bigint AS minutes FROM x
                        GROUP BY category ORDER BY minutes DESC, category""")
                .execute(period).map(rows -> {
                    JsonArray a = new JsonArray();
                    for (Row r : rows) {
                        a.add(new JsonObject().put("category", r.getString("category")).put("transfers", r.getLong("n"))
                                .put("minutes", r.getLong("minutes")));
                    }
                    return a;
                });
        Future<JsonArray> crossOrg = pool.preparedQuery(exchanges + """
                        SELECT from_org, to_org, sum(amount_minutes)::bigint AS minutes FROM x
                        WHERE from_org <> to_org GROUP BY from_org, to_org ORDER BY from_org, to_org""")
                .execute(period).map(rows -> {
                    JsonArray a = new JsonArray();
                    for (Row r : rows) {
                        a.add(new JsonObject().put("from", r.getString("from_org")).put("to", r.getString("to_org"))
                                .put("minutes", r.getLong("minutes")));
                    }
                    return a;
                });
        return Future.all(totals, byOrg, byCategory, crossOrg).map(v -> {
            Row t = totals.result();
            JsonArray net = netPositions(crossOrg.result());
            return new JsonObject().put("members", t.getLong("members")).put("activeMembers", t.getLong("active"))
                    .put("transfers", t.getLong("transfers")).put("exchangedMinutes", t.getLong("minutes"))
                    .put("byOrg", byOrg.result()).put("byCategory", byCategory.result()).put("crossOrg", crossOrg.result())
                    .put("netPositions", net);
        });
    }

    /**
     * Who owes whom in hours: for each pair of NGOs, the net of what members of one gave members
     * of the other; {@code creditor} is the NGO whose members gave more.
     */
    static JsonArray netPositions(JsonArray crossOrg) {
        java.util.Map<String, Long> flow = new java.util.TreeMap<>();
        for (Object o : crossOrg) {
            JsonObject f = (JsonObject) o;
            flow.merge(f.getString("from") + "\u0000" + f.getString("to"), f.getLong("minutes"), Long::sum);
        }
        JsonArray out = new JsonArray();
        java.util.Set<String> done = new java.util.HashSet<>();
        for (String key : flow.keySet()) {
            String[] p = key.split("\u0000");
            String pair = p[0].compareTo(p[1]) < 0 ? p[0] + "|" + p[1] : p[1] + "|" + p[0];
            if (!done.add(pair)) continue;
            long ab = flow.getOrDefault(p[0] + "\u0000" + p[1], 0L), ba = flow.getOrDefault(p[1] + "\u0000" + p[0], 0L);
            if (ab == ba) continue;
            out.add(new JsonObject().put("creditor", ab > ba ? p[0] : p[1]).put("debtor", ab > ba ? p[1] : p[0])
                    .put("minutes", Math.abs(ab - ba)));
        }
        return out;
    }

    private static OffsetDateTime utc(Instant t) {
        return t == null ? null : t.atOffset(ZoneOffset.UTC);
    }
}
