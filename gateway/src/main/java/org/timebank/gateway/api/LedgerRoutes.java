package org.timebank.gateway.api;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import org.timebank.gateway.staff.Staff;
import org.timebank.ledger.AccountRef;
import org.timebank.ledger.Member;
import org.timebank.ledger.TransferCommand;
import org.timebank.ledger.TransferKind;
import org.timebank.ledger.TransferResult;
import org.timebank.ledger.pg.PgTransfers;

/** Moving hours as staff: credits, funds and grants, the transfer list, reversals and verify. */
final class LedgerRoutes {
    private final ApiServices s;

    LedgerRoutes(ApiServices s) {
        this.s = s;
    }

    void mount(Router api) {
        api.post("/credits").handler(Api.action(Api.MANAGERS, (ctx, staff) -> {
            Body b = Body.of(ctx);
            long minutes = b.hours("hours");
            String memo = b.optionalText("memo", 200);
            String category = b.optionalText("category", 32);
            String key = idempotencyKey(b, staff);
            return memberOf(b, staff).compose(m -> {
                TransferCommand credit = new TransferCommand(TransferKind.CREDIT, AccountRef.issuance(m.org()),
                        AccountRef.member(m.id()), minutes, memo, category, key, staff.actor());
                // A key keeps the path its first call took, whatever the threshold is now.
                return s.ledger().approvals().byKey(key).compose(held -> {
                    if (held.isPresent()) return s.ledger().approvals().request(m.org(), m.id(), credit).compose(this::approvalReply);
                    return s.ledger().transfers().keyUsed(key).compose(used -> used ? Future.succeededFuture(-1L)
                            : s.ledger().directory().org(m.org()).map(org -> org.orElseThrow().approvalThresholdMinutes()))
                            .compose(threshold -> threshold == null || threshold < 0 || minutes <= threshold
                                    ? s.ledger().transfers().transfer(credit, s.notices()).map(LedgerRoutes::reply)
                                    : s.ledger().approvals().request(m.org(), m.id(), credit).compose(this::approvalReply));
                });
            });
        }));

        api.get("/approvals").handler(Api.action(Api.MANAGERS, (ctx, staff) -> s.ledger().approvals()
                .pending(staff.isAdmin() ? MemberRoutes.query(ctx, "org") : staff.org())
                .map(list -> Api.Reply.ok(JsonViews.list(list, list.size(), JsonViews::approval)))));

        api.post("/approvals/:id/approve").handler(Api.action(Api.MANAGERS, (ctx, staff) -> {
            String raw = ctx.pathParam("id");
            if (!raw.matches("[0-9]{1,18}")) throw ApiError.notFound("Approval " + raw);
            long id = Long.parseLong(raw);
            return s.ledger().approvals().find(id).compose(found -> {
                if (found.isEmpty() || !staff.sees(found.get().org())) throw ApiError.notFound("Approval " + raw);
                if (found.get().requestedBy().equals(staff.actor())) {
                    throw ApiError.forbidden("A credit is approved by a second staff member, not the one who asked for it");
                }
                return s.ledger().approvals().approve(id, staff.actor(), s.notices());
            }).map(LedgerRoutes::reply);
        }));

        api.get("/funds").handler(Api.action(Api.MANAGERS, (ctx, staff) -> {
            String org = MemberRoutes.query(ctx, "org");
            if (!staff.isAdmin()) {
                if (org != null && !org.equals(staff.org())) throw ApiError.notFound("NGO " + org);
                org = staff.org();
            }
            return s.ledger().directory().funds(org).map(list -> Api.Reply.ok(JsonViews.list(list, list.size(), JsonViews::fund)));
        }));

        api.post("/funds").handler(Api.action(Api.MANAGERS, (ctx, staff) -> {
            Body b = Body.of(ctx);
            String code = b.text("code", 24);
            String name = b.text("name", 80);
            String org = b.optionalText("org", 16);
            if (org == null) {
                if (staff.isAdmin()) throw ApiError.badRequest("missing_field", "'org' is required");
                org = staff.org();
            }
            if (!staff.sees(org)) throw ApiError.forbidden("A coordinator creates funds of their own NGO only");
            if (!code.matches("[A-Z0-9_-]{2,24}")) throw ApiError.unprocessable("invalid_code", "'code' must be 2-24 capital letters, digits, - or _");
            String orgCode = org;
            return s.ledger().directory().createFund(code, name, orgCode).map(r -> {
                if (r.isEmpty()) throw ApiError.unprocessable("unknown_org", "No NGO with code " + orgCode);
                if (r.get().conflict()) throw ApiError.conflict("fund_exists", "A fund with code " + code + " exists");
                return Api.Reply.created(JsonViews.fund(r.get().value()));
            });
        }));

        api.post("/funds/:code/grants").handler(Api.action(Api.MANAGERS, (ctx, staff) -> {
            Body b = Body.of(ctx);
            long minutes = b.hours("hours");
            String memo = b.optionalText("memo", 200);
            String key = idempotencyKey(b, staff);
            String code = ctx.pathParam("code");
            if (!code.matches("[A-Z0-9_-]{1,24}")) throw ApiError.notFound("Fund " + code);
            return s.ledger().directory().fund(code).compose(fund -> {
                if (fund.isEmpty() || !staff.sees(fund.get().org())) throw ApiError.notFound("Fund " + code);
                return memberOf(b, staff);
            }).compose(m -> s.ledger().transfers().transfer(new TransferCommand(TransferKind.GRANT, AccountRef.fund(code),
                    AccountRef.member(m.id()), minutes, memo, null, key, staff.actor()), s.notices())).map(LedgerRoutes::reply);
        }));

        api.get("/transfers").handler(Api.action(Api.MANAGERS, (ctx, staff) -> {
            String org = MemberRoutes.query(ctx, "org");
            if (!staff.isAdmin()) {
                if (org != null && !org.equals(staff.org())) throw ApiError.notFound("NGO " + org);
                org = staff.org();
            }
            Instant since = instant(ctx, "since"), until = instant(ctx, "until");
            MemberRoutes.Paging p = MemberRoutes.Paging.of(ctx);
            String member = MemberRoutes.query(ctx, "member");
            if (member != null && !member.matches("[0-9]{1,18}")) throw ApiError.badRequest("invalid_query", "'member' must be a member id");
            Long memberId = member == null ? null : Long.parseLong(member);
            String orgCode = org;
            Future<Void> check = memberId == null ? Future.succeededFuture() : s.ledger().directory().member(memberId).map(m -> {
                if (m.isEmpty() || !staff.sees(m.get().org())) throw ApiError.notFound("Member " + memberId);
                return null;
            });
            return check.compose(v -> s.ledger().transfers().list(new PgTransfers.Query(memberId, orgCode, since, until, p.page(), p.size())))
                    .map(page -> Api.Reply.ok(JsonViews.page(page, t -> JsonViews.transfer(t, staff))));
        }));

        api.post("/transfers/:reference/reversal").handler(Api.action(Api.MANAGERS, (ctx, staff) -> {
            Body b = Body.of(ctx);
            String reason = b.text("reason", 200);
            String key = idempotencyKey(b, staff);
            String reference = ctx.pathParam("reference").toUpperCase(java.util.Locale.ROOT);
            if (!reference.matches("[A-Z0-9]{1,16}")) throw ApiError.notFound("Transfer " + reference);
            return s.ledger().transfers().byReference(reference).compose(t -> {
                if (t.isEmpty() || !(staff.sees(t.get().fromOrg()) || staff.sees(t.get().toOrg()))) {
                    throw ApiError.notFound("Transfer " + reference);
                }
                if (!staff.sees(t.get().fromOrg()) || !staff.sees(t.get().toOrg())) {
                    throw ApiError.forbidden("This transfer touches another NGO: an admin reverses it");
                }
                return s.ledger().transfers().reverse(reference, reason, key, staff.actor(), s.notices());
            }).map(LedgerRoutes::reply);
        }));

        api.get("/ledger/verify").handler(Api.action(Api.ADMIN, (ctx, staff) -> s.ledger().sealer().sealPending()
                .compose(n -> s.ledger().verifier().verify())
                .map(r -> Api.Reply.ok(JsonViews.verify(r)))));
    }

    /** 202 while the credit waits; once approved, the transfer as any replay (200). */
    private Future<Api.Reply> approvalReply(org.timebank.ledger.pg.PgApprovals.Requested r) {
        if (r.keyReused()) throw ApiError.conflict("idempotency_key_reused", "This idempotencyKey was used for a different request");
        if (r.approval().transferReference() == null) {
            return Future.succeededFuture(new Api.Reply(202, new io.vertx.core.json.JsonObject()
                    .put("status", "pending_approval").put("approvalId", r.approval().id())));
        }
        return s.ledger().transfers().byReference(r.approval().transferReference())
                .map(t -> new Api.Reply(200, JsonViews.transfer(t.orElseThrow())));
    }

    /** The member a body names by {@code memberId} or {@code phone}, if this staff user may see it. */
    private Future<Member> memberOf(Body b, Staff staff) {
        Long id = b.optionalLong("memberId");
        String phone = b.optionalText("phone", 32);
        if (id == null && phone == null) throw ApiError.badRequest("missing_field", "'memberId' or 'phone' is required");
        Future<java.util.Optional<Member>> found;
        if (id != null) found = s.ledger().directory().member(id);
        else {
            var e164 = s.phones().normalise(phone);
            if (e164.isEmpty()) throw ApiError.unprocessable("invalid_phone", "'phone' is not a valid phone number");
            found = s.ledger().directory().memberByPhone(e164.get());
        }
        return found.map(m -> {
            if (m.isEmpty() || !staff.sees(m.get().org())) throw ApiError.unprocessable("unknown_member", "No such member");
            return m.get();
        });
    }

    /** Staff keys live in their NGO's namespace, so two NGOs' tools never collide. Absent: a fresh key. */
    private static String idempotencyKey(Body b, Staff staff) {
        String key = b.optionalText("idempotencyKey", 100);
        if (key == null) key = UUID.randomUUID().toString();
        return "api:" + (staff.isAdmin() ? "*" : staff.org()) + ":" + key;
    }

    static Instant instant(RoutingContext ctx, String name) {
        String v = MemberRoutes.query(ctx, name);
        if (v == null) return null;
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            try {
                return java.time.LocalDate.parse(v).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e2) {
                throw ApiError.badRequest("invalid_query", "'" + name + "' must be ISO-8601 in UTC, e.g. 2026-11-01T00:00:00Z");
            }
        }
    }

    static Api.Reply reply(TransferResult r) {
        if (r.ok()) return new Api.Reply(r.replayed() ? 200 : 201, JsonViews.transfer(r.transfer()));
        throw switch (r.refusal()) {
            case KEY_REUSED -> ApiError.conflict("idempotency_key_reused", "This idempotencyKey was used for a different request");
            case UNKNOWN_TRANSFER -> ApiError.notFound("Transfer");
            case NOT_POSITIVE -> ApiError.unprocessable("hours_not_positive", "Hours must be more than 0");
            case UNKNOWN_ACCOUNT -> ApiError.unprocessable("unknown_account", "The account to move hours from or to does not exist");
            case UNKNOWN_CATEGORY -> ApiError.unprocessable("unknown_category", "No such category");
            case SAME_ACCOUNT -> ApiError.unprocessable("same_account", "Hours cannot move to the account they come from");
            case ACCOUNT_INACTIVE -> ApiError.unprocessable("member_inactive", "The member is suspended or erased");
            case INSUFFICIENT_BALANCE -> ApiError.unprocessable("insufficient_balance", "The balance is too low for this transfer");
            case OVER_MONTHLY_CAP -> ApiError.unprocessable("over_monthly_cap", "This credit would pass the NGO's monthly credit cap");
            case ALREADY_REVERSED -> ApiError.unprocessable("already_reversed", "This transfer was reversed already");
            case REVERSAL_OF_REVERSAL -> ApiError.unprocessable("reversal_of_reversal", "A reversal cannot be reversed");
            case REQUEST_NOT_WAITING -> ApiError.unprocessable("request_not_waiting", "The request is not waiting");
        };
    }
}
