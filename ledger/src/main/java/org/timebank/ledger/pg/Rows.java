package org.timebank.ledger.pg;

import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.timebank.ledger.Member;
import org.timebank.ledger.Party;
import org.timebank.ledger.Transfer;
import org.timebank.ledger.TransferKind;

/** Maps rows of the {@code transfer_details} and {@code member_details} views to domain records. */
final class Rows {
    private Rows() {}


    static Transfer transfer(Row r) {
        return new Transfer(
                r.getLong("id"),
                r.getString("reference"),
                TransferKind.fromCode(r.getString("kind")),
                party(r, "from_"),
                party(r, "to_"),
                r.getString("from_org"),
                r.getString("to_org"),
                r.getLong("amount_minutes"),
                r.getString("memo"),
                r.getString("category"),
                instant(r.getOffsetDateTime("created_at")),
                r.getString("reverses_reference"));
    }

    private static Party party(Row r, String side) {
        String kind = r.getString(side + "kind");
        return switch (kind) {
            case "member" -> new Party("member", String.valueOf(r.getLong(side + "member")), r.getString(side + "member_name"));
            case "fund" -> new Party("fund", r.getString(side + "fund"), r.getString(side + "fund_name"));
            default -> new Party("issuance", r.getString(side + "org"), r.getString(side + "org_name"));
        };
    }

    static Member member(Row r) {
        return new Member(
                r.getLong("id"),
                r.getString("phone"),
                r.getString("name"),
                r.getString("org"),
                r.getString("org_name"),
                r.getString("district"),
                r.getString("language"),
                r.getString("status"),
                r.getLong("balance_minutes"),
                r.getBoolean("opted_out"),
                instant(r.getOffsetDateTime("created_at")),
                "locked".equals(r.getString("status")) ? instant(r.getOffsetDateTime("pin_locked_until")) : null,
                java.util.Arrays.asList(r.getArrayOfStrings("interests")), r.getDouble("rating_average"), r.getLong("rating_count"),
                r.getLong("waiting_requests"));
    }

    static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
