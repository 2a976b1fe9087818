package org.timebank.ledger.pg;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.timebank.ledger.AccountRef;
import org.timebank.ledger.Category;
import org.timebank.ledger.Fund;
import org.timebank.ledger.Member;
import org.timebank.ledger.Notices;
import org.timebank.ledger.Org;
import org.timebank.ledger.OutboundSms;
import org.timebank.ledger.Page;
import org.timebank.ledger.TransferCommand;
import org.timebank.ledger.TransferKind;

/**
 * Who is in the ledger: NGOs (each with its issuance account), categories, funds (each with an
 * account) and members (each with an account). Members are never deleted (ledger rule 9).
 */
public final class PgDirectory {
    private final Pool pool;
    private final PgOutbox outbox;
    private final PgTransfers transfers;

    public PgDirectory(Pool pool, PgOutbox outbox, PgTransfers transfers) {
        this.pool = pool;
        this.outbox = outbox;
        this.transfers = transfers;
    }

    /** Outcome of a create: the thing, or {@code conflict} when its key exists. */
    public record Created<T>(T value, boolean conflict) {}

    // ---------------------------------------------------------------- organisations

    private static final String ORG_COLUMNS = """
            id, code, name, district, contact, starting_credit_minutes, credit_limit_minutes,
            monthly_credit_cap_minutes, approval_threshold_minutes, sms_budget_per_month, send_window_start, send_window_end""";

    public Future<Created<Org>> createOrg(Org o) {
        return Tx.run(pool, conn -> conn.preparedQuery("INSERT INTO orgs (code, name, district, contact, starting_credit_minutes,"
                                + " credit_limit_minutes, monthly_credit_cap_minutes, approval_threshold_minutes, sms_budget_per_month,"
                                + " send_window_start, send_window_end) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
                                + " ON CONFLICT (code) DO NOTHING RETURNING " + ORG_COLUMNS)
                        .execute(orgTuple(o))
                        .compose(rows -> {
                            if (rows.size() == 0) return Future.succeededFuture(new Created<Org>(null, true));
                            Org created = org(rows.iterator().next());
                            return conn.preparedQuery("INSERT INTO accounts (kind, org_id) VALUES ('issuance', $1)")
                                    .execute(Tuple.of(created.id()))
                                    .map(v -> new Created<>(created, false));
                        }));
    }

    public Future<Optional<Org>> updateOrg(Org o) {
        return pool.preparedQuery("UPDATE orgs SET code = $1, name = $2, district = $3, contact = $4, starting_credit_minutes = $5,"
                        + " credit_limit_minutes = $6, monthly_credit_cap_minutes = $7, approval_threshold_minutes = $8,"
                        + " sms_budget_per_month = $9, send_window_start = $10, send_window_end = $11 WHERE code = $1 RETURNING " + ORG_COLUMNS)
                .execute(orgTuple(o))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(org(rows.iterator().next())));
    }

    public Future<List<Org>> orgs() {
        return pool.query("SELECT " + ORG_COLUMNS + " FROM orgs ORDER BY code").execute().map(rows -> {
            List<Org> list = new ArrayList<>();
            for (Row r : rows) list.add(org(r));
            return list;
        });
    }

    public Future<Optional<Org>> org(String code) {
        return pool.preparedQuery("SELECT " + ORG_COLUMNS + " FROM orgs WHERE code = $1").execute(Tuple.of(code))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(org(rows.iterator().next())));
    }

    private static Tuple orgTuple(Org o) {
        return Tuple.tuple().addString(o.code()).addString(o.name()).addString(o.district()).addString(o.contact())
                .addLong(o.startingCreditMinutes()).addLong(o.creditLimitMinutes()).addLong(o.monthlyCreditCapMinutes())
                .addLong(o.approvalThresholdMinutes()).addInteger(o.smsBudgetPerMonth())
                .addLocalTime(o.sendWindowStart()).addLocalTime(o.sendWindowEnd());
    }

    private static Org org(Row r) {
        return new Org(r.getLong("id"), r.getString("code"), r.getString("name"), r.getString("district"),
                r.getString("contact"), r.getLong("starting_credit_minutes"), r.getLong("credit_limit_minutes"),
                r.getLong("monthly_credit_cap_minutes"), r.getLong("approval_threshold_minutes"),
                r.getInteger("sms_budget_per_month"), r.getLocalTime("send_window_start"), r.getLocalTime("send_window_end"));
    }

    // ---------------------------------------------------------------- categories

    public Future<Created<Category>> createCategory(Category c) {
        return pool.preparedQuery("INSERT INTO categories (code, name_en, name_zh, name_sw) VALUES ($1, $2, $3, $4)"
                        + " ON CONFLICT (code) DO NOTHING RETURNING code")
                .execute(Tuple.of(c.code(), c.nameEn(), c.nameZh(), c.nameSw()))
                .map(rows -> new Created<>(rows.size() == 0 ? null : c, rows.size() == 0));
    }

    public Future<List<Category>> categories() {
        return pool.query("SELECT code, name_en, name_zh, name_sw FROM categories ORDER BY code").execute().map(rows -> {
            List<Category> list = new ArrayList<>();
            for (Row r : rows) list.add(new Category(r.getString(0), r.getString(1), r.getString(2), r.getString(3)));
            return list;
        });
    }

    // ---------------------------------------------------------------- funds

    /** Creates a fund of an existing NGO; {@code Optional.empty()} when the NGO is unknown. */
    public Future<Optional<Created<Fund>>> createFund(String code, String name, String orgCode) {
        return Tx.run(pool, conn -> conn.preparedQuery("""
                        INSERT INTO funds (code, name, org_id) SELECT $1, $2, id FROM orgs WHERE code = $3
                        ON CONFLICT (code) DO NOTHING RETURNING id, org_id""")
                .execute(Tuple.of(code, name, orgCode))
                .compose(rows -> {
                    if (rows.size() == 0) {
                        return org(orgCode).map(org -> org.isEmpty() ? Optional.<Created<Fund>>empty()
                                : Optional.of(new Created<Fund>(null, true)));
                    }
                    Row r = rows.iterator().next();
                    return conn.preparedQuery("INSERT INTO accounts (kind, org_id, fund_id) VALUES ('fund', $1, $2)")
                            .execute(Tuple.of(r.getLong("org_id"), r.getLong("id")))
                            .map(v -> Optional.of(new Created<>(new Fund(code, name, orgCode, 0), false)));
                }));
    }

    /** Funds with balances; {@code orgCode} null for all. */
    public Future<List<Fund>> funds(String orgCode) {
        return pool.preparedQuery("""
                        SELECT f.code, f.name, o.code AS org, a.balance_minutes FROM funds f
                        JOIN orgs o ON o.id = f.org_id JOIN accounts a ON a.fund_id = f.id
                        WHERE $1::text IS NULL OR o.code = $1 ORDER BY f.code""")
                .execute(Tuple.of(orgCode))
                .map(rows -> {
                    List<Fund> list = new ArrayList<>();
                    for (Row r : rows) list.add(new Fund(r.getString(0), r.getString(1), r.getString(2), r.getLong(3)));
                    return list;
                });
    }

    public Future<Optional<Fund>> fund(String code) {
        return funds(null).map(list -> list.stream().filter(f -> f.code().equals(code)).findFirst());
    }

    // ---------------------------------------------------------------- members

    /** What registering a member needs; {@code pinHash} null leaves the member to choose a PIN. */
    public record NewMember(String phone, String name, String orgCode, String language, String pinHash, String actor) {}

    /** Outcome of a registration. */
    public enum Registration { REGISTERED, PHONE_TAKEN, UNKNOWN_ORG }

    public record Registered(Registration outcome, Member member) {}

    /**
     * Registers a member with an account, credits the NGO's starting credit from its issuance
     * account, and writes the welcome SMS, all in one transaction.
     */
    public Future<Registered> register(NewMember m, Function<Member, List<OutboundSms>> welcome, Notices creditNotices) {
        return Tx.run(pool, conn -> conn.preparedQuery("""
                        INSERT INTO members (org_id, phone, name, language, status, pin_hash)
                        SELECT id, $1, $2, $3, $4, $5 FROM orgs WHERE code = $6
                        ON CONFLICT (phone) DO NOTHING RETURNING id, org_id""")
                .execute(Tuple.of(m.phone(), m.name(), m.language(), m.pinHash() == null ? "pin_required" : "active",
                        m.pinHash(), m.orgCode()))
                .compose(rows -> {
                    if (rows.size() == 0) {
                        return conn.preparedQuery("SELECT 1 FROM members WHERE phone = $1").execute(Tuple.of(m.phone()))
                                .map(r -> new Registered(r.size() > 0 ? Registration.PHONE_TAKEN : Registration.UNKNOWN_ORG, null));
                    }
                    Row r = rows.iterator().next();
                    long id = r.getLong("id");
                    return conn.preparedQuery("INSERT INTO accounts (kind, org_id, member_id) VALUES ('member', $1, $2)")
                            .execute(Tuple.of(r.getLong("org_id"), id))
                            .compose(v -> startingCredit(conn, id, m))
                            .compose(v -> memberIn(conn, id))
                            .compose(member -> outbox.enqueue(conn, welcome.apply(member))
                                    .map(v -> new Registered(Registration.REGISTERED, member)));
                }));
    }

    private Future<Void> startingCredit(SqlConnection conn, long memberId, NewMember m) {
        return conn.preparedQuery("SELECT starting_credit_minutes FROM orgs WHERE code = $1").execute(Tuple.of(m.orgCode()))
                .compose(rows -> {
                    Long minutes = rows.iterator().next().getLong(0);
                    if (minutes == null || minutes <= 0) return Future.succeededFuture();
                    TransferCommand credit = new TransferCommand(TransferKind.CREDIT, AccountRef.issuance(m.orgCode()),
                            AccountRef.member(memberId), minutes, "Starting credit", null, "start:" + memberId, m.actor());
                    return transfers.transferIn(conn, credit, null, Notices.NONE).mapEmpty();
                });
    }

    public Future<Optional<Member>> member(long id) {
        return memberIn(pool, id).map(Optional::ofNullable);
    }

    /**
     * A member by number. Every USSD hop and SMS asks this first, so lookups that arrive while
     * others are in the database go together in one statement ({@link Batcher}).
     */
    public Future<Optional<Member>> memberByPhone(String e164) {
        return byPhone.submit(e164);
    }

    private final Batcher<String, Optional<Member>> byPhone = new Batcher<>(Batcher.IN_FLIGHT, 128, this::membersByPhone);

    /** One member (or none) a number, in the numbers' order; a lone number by the plain statement (no function call). */
    private Future<List<Optional<Member>>> membersByPhone(List<String> phones) {
        Future<RowSet<Row>> read = phones.size() == 1
                ? pool.preparedQuery("SELECT * FROM member_details WHERE phone = $1").execute(Tuple.of(phones.get(0)))
                : pool.preparedQuery("SELECT * FROM ledger_members_by_phone($1)").execute(Tuple.of(phones.toArray(new String[0])));
        return read.map(rows -> {
            Map<String, Member> found = new HashMap<>();
            for (Row r : rows) found.put(r.getString("phone"), Rows.member(r));
            List<Optional<Member>> answers = new ArrayList<>(phones.size());
            for (String phone : phones) answers.add(Optional.ofNullable(found.get(phone)));
            return answers;
        });
    }

    private static Future<Member> memberIn(io.vertx.sqlclient.SqlClient client, long id) {
        return client.preparedQuery("SELECT * FROM member_details WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : Rows.member(rows.iterator().next()));
    }

    /** Filters for {@link #members}; null fields match all. {@code q} matches name or phone digits. */
    public record MemberQuery(String q, String org, String status, int page, int size) {}

    public Future<Page<Member>> members(MemberQuery q) {
        String where = """
                WHERE ($1::text IS NULL OR name ILIKE '%' || $1 || '%' OR phone LIKE '%' || $1 || '%')
                  AND ($2::text IS NULL OR org = $2)
                  AND ($3::text IS NULL OR status = $3)""";
        String query = q.q() == null || q.q().isBlank() ? null : q.q().trim().replace("%", "").replace("_", "");
        Tuple args = Tuple.of(query, q.org(), q.status());
        Future<Long> total = pool.preparedQuery("SELECT count(*) FROM member_details " + where).execute(args)
                .map(rows -> rows.iterator().next().getLong(0));
        Future<List<Member>> items = pool.preparedQuery("SELECT * FROM member_details " + where + " ORDER BY id LIMIT $4 OFFSET $5")
                .execute(Tuple.of(query, q.org(), q.status(), q.size(), (long) (q.page() - 1) * q.size()))
                .map(rows -> {
                    List<Member> list = new ArrayList<>();
                    for (Row r : rows) list.add(Rows.member(r));
                    return list;
                });
        return Future.all(total, items).map(v -> new Page<>(items.result(), total.result()));
    }

    /** Sets a member's stored status (suspend, reactivate) and records who did it. */
    public Future<Optional<Member>> setStatus(long id, String from, String to, String actor, String reason) {
        return Tx.run(pool, conn -> conn.preparedQuery("""
                        UPDATE members SET status = CASE WHEN $3 = 'active' AND pin_hash IS NULL THEN 'pin_required' ELSE $3 END
                        WHERE id = $1 AND status = ANY($2::text[]) RETURNING id""")
                .execute(Tuple.of(id, from.split(","), to))
                .compose(rows -> rows.size() == 0 ? Future.succeededFuture(Optional.<Member>empty())
                        : event(conn, id, to, actor, reason).compose(v -> memberIn(conn, id)).map(Optional::of)));
    }

    /** Anonymises a member (ledger rule 9): name and number erased, transfers kept. */
    public Future<Optional<Member>> erase(long id, String actor, String reason) {
        return Tx.run(pool, conn -> conn.preparedQuery("""
                        WITH old AS (SELECT id, name FROM members WHERE id = $1 AND status <> 'erased' FOR UPDATE)
                        UPDATE members m SET status = 'erased', phone = NULL, name = NULL, pin_hash = NULL, erased_at = now()
                        FROM old WHERE m.id = old.id RETURNING old.name""")
                .execute(Tuple.of(id))
                .compose(rows -> rows.size() == 0 ? Future.succeededFuture(Optional.<Member>empty())
                        : conn.preparedQuery("UPDATE outbox SET to_phone = 'erased', body = '(erased)' WHERE member_id = $1")
                        .execute(Tuple.of(id))
                        .compose(v -> scrubName(conn, id, rows.iterator().next().getString(0)))
                        .compose(v -> event(conn, id, "erased", actor, reason))
                        .compose(v -> memberIn(conn, id)).map(Optional::of)));
    }

    /**
     * Other members' stored receipts and notices about transfers and requests with the erased
     * member keep no trace of their name: its words are replaced in those messages.
     */
    private static Future<Void> scrubName(SqlConnection conn, long memberId, String name) {
        if (name == null || name.isBlank()) return Future.succeededFuture();
        String first = name.trim().split("\\s+")[0];
        return conn.preparedQuery("""
                        UPDATE outbox SET body = replace(replace(body, $2, '(erased)'), $3, '(erased)')
                        WHERE member_id IS DISTINCT FROM $1 AND (
                              split_part(dedupe_key, ':', 2) IN (
                                  SELECT t.reference FROM transfers t JOIN accounts a ON a.id IN (t.from_account, t.to_account)
                                  WHERE a.member_id = $1)
                           OR (dedupe_key LIKE 'request%' AND split_part(dedupe_key, ':', 2) IN (
                                  SELECT id::text FROM payment_requests WHERE requester_id = $1 OR payer_id = $1)))""")
                .execute(Tuple.of(memberId, name.trim(), first)).mapEmpty();
    }

    static Future<Void> event(SqlConnection conn, long memberId, String kind, String actor, String reason) {
        return conn.preparedQuery("INSERT INTO member_events (member_id, kind, actor, reason) VALUES ($1, $2, $3, $4)")
                .execute(Tuple.of(memberId, kind, actor, reason)).mapEmpty();
    }
}
