package org.timebank.gateway.api;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import org.timebank.gateway.staff.Staff;
import org.timebank.ledger.Party;
import org.timebank.ledger.Transfer;
import org.timebank.ledger.pg.PgTransfers;

/**
 * Impact reports: the summary of http.md and a CSV of the transfers, over a period ({@code since},
 * {@code until}, ISO-8601 UTC) and an NGO. Coordinators see their own NGO's numbers; numbers come
 * straight from the transfers.
 */
final class ReportRoutes {
    static final int CSV_MAX_ROWS = 100_000;
    private final ApiServices s;

    ReportRoutes(ApiServices s) {
        this.s = s;
    }

    void mount(Router api) {
        api.get("/reports/summary").handler(Api.action(Api.MANAGERS, (ctx, staff) -> {
            String org = orgOf(ctx, staff);
            return s.ledger().reports().summary(LedgerRoutes.instant(ctx, "since"), LedgerRoutes.instant(ctx, "until"), org)
                    .map(Api.Reply::ok);
        }));

        api.get("/reports/transfers.csv").handler(ctx -> {
            Staff staff = ctx.get(Api.STAFF);
            if (!Api.MANAGERS.contains(staff.role())) {
                ctx.fail(ApiError.forbidden("A " + staff.role().code() + " may not do this"));
                return;
            }
            Future<String> csv;
            try {
                String org = orgOf(ctx, staff);
                Instant since = LedgerRoutes.instant(ctx, "since"), until = LedgerRoutes.instant(ctx, "until");
                csv = s.ledger().transfers().list(new PgTransfers.Query(null, org, since, until, 1, CSV_MAX_ROWS))
                        .map(page -> {
                            StringBuilder out = new StringBuilder("reference,createdAt,kind,fromType,fromId,fromName,fromOrg,"
                                    + "toType,toId,toName,toOrg,amountMinutes,category,memo,reverses\n");
                            for (Transfer t : page.items()) {
                                row(out, t.reference(), t.createdAt().toString(), t.kind().code(), t.from().type(), t.from().id(),
                                        name(t.from(), staff.sees(t.fromOrg())), t.fromOrg(), t.to().type(), t.to().id(),
                                        name(t.to(), staff.sees(t.toOrg())), t.toOrg(), Long.toString(t.amountMinutes()),
                                        t.category(), t.memo(), t.reverses());
                            }
                            return out.toString();
                        });
            } catch (ApiError e) {
                ctx.fail(e);
                return;
            }
            csv.onSuccess(body -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/csv; charset=utf-8")
                    .putHeader("Content-Disposition", "attachment; filename=\"transfers.csv\"").end(body)).onFailure(ctx::fail);
        });
    }

    private static String orgOf(RoutingContext ctx, Staff staff) {
        String org = MemberRoutes.query(ctx, "org");
        if (staff.isAdmin()) return org;
        if (org != null && !org.equals(staff.org())) throw ApiError.notFound("NGO " + org);
        return staff.org();
    }

    private static String name(Party p, boolean full) {
        if (full || !"member".equals(p.type()) || p.name() == null) return p.name();
        return p.name().trim().split("\\s+")[0];
    }

    /** One CSV row; fields quoted as needed, and a leading = + - @ neutralised (no formula injection). */
    static void row(StringBuilder out, String... fields) {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) out.append(',');
            String f = fields[i] == null ? "" : fields[i];
            if (!f.isEmpty() && "=+-@".indexOf(f.charAt(0)) >= 0 && !f.matches("-?[0-9]+")) f = "'" + f;
            if (f.contains(",") || f.contains("\"") || f.contains("\n") || f.contains("\r")) f = "\"" + f.replace("\"", "\"\"") + "\"";
            out.append(f);
        }
        out.append('\n');
    }

}
