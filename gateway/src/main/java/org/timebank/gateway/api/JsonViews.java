package org.timebank.gateway.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Function;
import org.timebank.ledger.Category;
import org.timebank.ledger.Fund;
import org.timebank.ledger.Member;
import org.timebank.ledger.Minutes;
import org.timebank.ledger.Org;
import org.timebank.ledger.Page;
import org.timebank.ledger.Party;
import org.timebank.ledger.Transfer;
import org.timebank.ledger.VerifyReport;

/** The JSON shapes of http.md, one method a resource. */
public final class JsonViews {
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    private JsonViews() {}

    static JsonObject member(Member m) {
        return new JsonObject()
                .put("id", m.id())
                .put("phone", m.phone())
                .put("name", m.name())
                .put("org", m.org())
                .put("district", m.district())
                .put("language", m.language())
                .put("status", m.status())
                .put("balanceMinutes", m.balanceMinutes())
                .put("optedOut", m.optedOut())
                .put("interests", new JsonArray(new java.util.ArrayList<>(m.interests())))
                .put("rating", m.ratingCount() == 0 ? null : new JsonObject()
                        .put("average", Math.round(m.ratingAverage() * 10) / 10.0).put("count", m.ratingCount()))
                .put("createdAt", m.createdAt().toString());
    }

    static JsonObject transfer(Transfer t) {
        return new JsonObject()
                .put("reference", t.reference())
                .put("kind", t.kind().code())
                .put("from", party(t.from()))
                .put("to", party(t.to()))
                .put("amountMinutes", t.amountMinutes())
                .put("memo", t.memo())
                .put("category", t.category())
                .put("createdAt", t.createdAt().toString())
                .put("reverses", t.reverses());
    }

    private static JsonObject party(Party p) {
        return party(p, true);
    }

    private static JsonObject party(Party p, boolean fullName) {
        Object id = "member".equals(p.type()) ? (Object) Long.parseLong(p.id()) : p.id();
        String name = p.name();
        if (!fullName && "member".equals(p.type()) && name != null) name = name.trim().split("\\s+")[0];
        return new JsonObject().put("type", p.type()).put("id", id).put("name", name);
    }

    /** A transfer as a staff user sees it: a member of another NGO shows by first name only. */
    static JsonObject transfer(Transfer t, org.timebank.gateway.staff.Staff viewer) {
        JsonObject j = transfer(t);
        j.put("from", party(t.from(), viewer.sees(t.fromOrg())));
        j.put("to", party(t.to(), viewer.sees(t.toOrg())));
        return j;
    }

    static JsonObject org(Org o) {
        JsonObject window = o.sendWindowStart() == null ? null : new JsonObject()
                .put("start", o.sendWindowStart().format(HH_MM)).put("end", o.sendWindowEnd().format(HH_MM));
        return new JsonObject()
                .put("code", o.code())
                .put("name", o.name())
                .put("district", o.district())
                .put("contact", o.contact())
                .put("startingCreditHours", Minutes.toHours(o.startingCreditMinutes()))
                .put("creditLimitHours", Minutes.toHours(o.creditLimitMinutes()))
                .put("monthlyCreditCapHours", Minutes.toHours(o.monthlyCreditCapMinutes()))
                .put("approvalThresholdHours", Minutes.toHours(o.approvalThresholdMinutes()))
                .put("smsBudgetPerMonth", o.smsBudgetPerMonth())
                .put("sendWindow", window);
    }

    static JsonObject category(Category c) {
        return new JsonObject().put("code", c.code())
                .put("names", new JsonObject().put("en", c.nameEn()).put("zh", c.nameZh()).put("sw", c.nameSw()));
    }

    static JsonObject approval(org.timebank.ledger.Approval a) {
        return new JsonObject().put("id", a.id()).put("status", a.status()).put("org", a.org())
                .put("member", new JsonObject().put("id", a.memberId()).put("name", a.memberName()))
                .put("amountMinutes", a.amountMinutes()).put("memo", a.memo()).put("category", a.category())
                .put("requestedBy", a.requestedBy()).put("approvedBy", a.approvedBy())
                .put("transfer", a.transferReference()).put("createdAt", a.createdAt().toString());
    }

    static JsonObject fund(Fund f) {
        return new JsonObject().put("code", f.code()).put("name", f.name()).put("org", f.org()).put("balanceMinutes", f.balanceMinutes());
    }

    public static JsonObject verify(VerifyReport r) {
        JsonObject brk = r.firstBreak() == null ? null : new JsonObject()
                .put("seq", r.firstBreak().seq()).put("reference", r.firstBreak().reference()).put("reason", r.firstBreak().reason());
        JsonArray mismatches = new JsonArray();
        r.balanceMismatches().forEach(m -> mismatches.add(new JsonObject().put("accountId", m.accountId())
                .put("storedMinutes", m.storedMinutes()).put("rebuiltMinutes", m.rebuiltMinutes())));
        return new JsonObject()
                .put("ok", r.ok())
                .put("transfers", r.transfers())
                .put("sealed", r.sealed())
                .put("unsealed", r.unsealed())
                .put("lastHash", r.lastHash())
                .put("sumOfBalancesMinutes", r.sumOfBalancesMinutes())
                .put("firstBreak", brk)
                .put("balanceMismatches", mismatches);
    }

    static <T> JsonObject list(List<T> items, long total, Function<T, JsonObject> view) {
        JsonArray a = new JsonArray();
        items.forEach(i -> a.add(view.apply(i)));
        return new JsonObject().put("items", a).put("total", total);
    }

    static <T> JsonObject page(Page<T> page, Function<T, JsonObject> view) {
        return list(page.items(), page.total(), view);
    }

    static LocalTime time(String hhmm, String field) {
        if (hhmm == null || !hhmm.matches("([01][0-9]|2[0-3]):[0-5][0-9]")) {
            throw ApiError.badRequest("invalid_field", "'" + field + "' must be a time like 08:00");
        }
        return LocalTime.parse(hhmm, HH_MM);
    }
}
