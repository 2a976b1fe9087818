package org.timebank.ledger.pg;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.timebank.ledger.Fund;
import org.timebank.ledger.Member;
import org.timebank.ledger.MemberLedger;
import org.timebank.ledger.Notices;
import org.timebank.ledger.Pending;
import org.timebank.ledger.PendingPinCheck;
import org.timebank.ledger.PendingRead;
import org.timebank.ledger.Org;
import org.timebank.ledger.OutboundSms;
import org.timebank.ledger.PaymentRequest;
import org.timebank.ledger.PinCheck;
import org.timebank.ledger.Transfer;
import org.timebank.ledger.TransferCommand;
import org.timebank.ledger.TransferResult;

/** {@link MemberLedger} on PostgreSQL: a thin adapter over the ledger's parts. */
public final class PgMemberLedger implements MemberLedger {
    private final PgLedger ledger;
    /**
     * NGOs as the member menus read them (credit limit for the amount check, contact line for a
     * lock): kept {@link #ORG_SECONDS} seconds, so a change by staff reaches the menus within that.
     * The ledger checks the credit limit itself when hours move.
     */
    private final Cache<String, Org> orgs = Caffeine.newBuilder().executor(Runnable::run)
            .expireAfterWrite(Duration.ofSeconds(ORG_SECONDS)).maximumSize(1_000).build();
    static final int ORG_SECONDS = 10;

    public PgMemberLedger(PgLedger ledger) {
        this.ledger = ledger;
    }

    @Override
    public Future<Optional<Member>> memberByPhone(String e164) {
        return ledger.directory().memberByPhone(e164);
    }

    @Override
    public Future<Optional<Org>> org(String code) {
        Org known = orgs.getIfPresent(code);
        if (known != null) return Future.succeededFuture(Optional.of(known));
        return ledger.directory().org(code).onSuccess(o -> o.ifPresent(org -> orgs.put(code, org)));
    }

    @Override
    public Future<List<Org>> orgs() {
        return ledger.directory().orgs();
    }

    @Override
    public Future<List<Fund>> funds() {
        return ledger.directory().funds(null);
    }

    @Override
    public Future<Registered> register(String phone, String name, String orgCode, String language, String pinHash,
                                       Function<Member, List<OutboundSms>> welcome) {
        return ledger.directory().register(new PgDirectory.NewMember(phone, name, orgCode, language, pinHash, "member:self"),
                welcome, Notices.NONE).map(r -> new Registered(Registration.valueOf(r.outcome().name()), r.member()));
    }

    @Override
    public String hashPin(String pin) {
        return ledger.pins().hasher().hash(pin);
    }

    @Override
    public boolean pinMatchesHash(String pin, String hash) {
        return ledger.pins().hasher().matches(pin, hash);
    }

    @Override
    public Future<PinCheck> checkPin(long memberId, String pin) {
        return ledger.pins().check(memberId, pin);
    }

    @Override
    public org.timebank.ledger.PinStateRead readPinStateAhead(long memberId) {
        return ledger.pins().readAhead(memberId);
    }

    @Override
    public Future<PinCheck> checkPin(long memberId, String pin, org.timebank.ledger.PinStateRead readAhead) {
        return ledger.pins().check(memberId, pin, readAhead);
    }

    @Override
    public Future<Boolean> setFirstPinHash(long memberId, String pinHash) {
        return ledger.pool().preparedQuery("""
                        UPDATE members SET pin_hash = $2, status = 'active', pin_failed_attempts = 0, pin_locked_until = NULL
                        WHERE id = $1 AND status = 'pin_required'""")
                .execute(Tuple.of(memberId, pinHash)).map(rows -> rows.rowCount() == 1);
    }

    @Override
    public Future<Boolean> replacePinHash(long memberId, String pinHash) {
        return ledger.pool().preparedQuery("UPDATE members SET pin_hash = $2 WHERE id = $1 AND status = 'active'")
                .execute(Tuple.of(memberId, pinHash)).map(rows -> rows.rowCount() == 1);
    }

    @Override
    public Future<org.timebank.ledger.PinChange> setFirstPin(long memberId, String pin) {
        return ledger.pins().setFirst(memberId, pin);
    }

    @Override
    public Future<org.timebank.ledger.PinChange> changePin(long memberId, String oldPin, String newPin) {
        return ledger.pins().change(memberId, oldPin, newPin);
    }

    @Override
    public Future<Pending> holdPending(long memberId, String kind, Long toMemberId, String fundCode, long minutes,
                                                          String note, int ttlSeconds, OutboundSms reply) {
        return ledger.pending().hold(memberId, kind, toMemberId, fundCode, minutes, note, ttlSeconds, reply);
    }

    @Override
    public Future<Optional<Pending>> currentPending(long memberId) {
        return ledger.pending().current(memberId);
    }

    @Override
    public Future<PendingPinCheck> currentPendingCheckingPin(long memberId, String pin, PendingRead readAhead) {
        Future<PgPending.WithPinState> reading = readAhead instanceof PgPending.WithPinState w && w.memberId() == memberId
                ? Future.succeededFuture(w) : ledger.pending().currentWithPinState(memberId);
        return reading.compose(read -> {
            Optional<Pending> item = read.pending();
            if (item.isEmpty() || item.get().expired()) return Future.succeededFuture(new PendingPinCheck(item, null));
            return ledger.pins().check(memberId, pin, read.pinState()).map(check -> new PendingPinCheck(item, check));
        });
    }

    @Override
    public Future<Boolean> cancelPending(long memberId) {
        return ledger.pending().cancel(memberId);
    }

    @Override
    public Future<Void> expirePending(long pendingId) {
        return ledger.pending().expire(pendingId);
    }

    @Override
    public Future<TransferResult> confirmPending(Pending item, Notices notices) {
        return ledger.pending().confirm(item, notices);
    }

    @Override
    public Future<TransferResult> transfer(TransferCommand command, Notices notices) {
        return ledger.transfers().transfer(command, notices);
    }

    @Override
    public Future<List<Transfer>> recentTransfers(long memberId, int limit) {
        return ledger.transfers().recentForMember(memberId, limit);
    }

    @Override
    public Future<Void> setLanguage(long memberId, String language) {
        return ledger.pool().preparedQuery("UPDATE members SET language = $2 WHERE id = $1").execute(Tuple.of(memberId, language)).mapEmpty();
    }

    @Override
    public Future<Void> setOptedOut(long memberId, boolean optedOut) {
        return ledger.pool().preparedQuery("UPDATE members SET opted_out = $2 WHERE id = $1").execute(Tuple.of(memberId, optedOut)).mapEmpty();
    }

    @Override
    public Future<PaymentRequest> createRequest(long requesterId, long payerId, long amountMinutes, String note, String key,
                                                int expiryDays, Function<PaymentRequest, List<OutboundSms>> notice) {
        return ledger.requests().create(requesterId, payerId, amountMinutes, note, key, expiryDays, notice);
    }

    @Override
    public Future<List<PaymentRequest>> waitingRequests(long payerId) {
        return ledger.requests().waiting(payerId);
    }

    @Override
    public Future<TransferResult> payRequest(long requestId, long payerId, Notices notices) {
        return ledger.requests().pay(requestId, payerId, notices);
    }

    @Override
    public Future<Boolean> declineRequest(long requestId, long payerId, Function<PaymentRequest, List<OutboundSms>> notice) {
        return ledger.requests().decline(requestId, payerId, notice);
    }

    @Override
    public Future<List<org.timebank.ledger.Category>> categories() {
        return ledger.directory().categories();
    }

    @Override
    public Future<org.timebank.ledger.Post> post(long memberId, String kind, String category, String body, Long minutes, int expiryDays) {
        return ledger.posts().create(memberId, kind, category, body, minutes, expiryDays);
    }

    @Override
    public Future<Optional<org.timebank.ledger.Post>> postById(long id) {
        return ledger.posts().byId(id);
    }

    @Override
    public Future<List<org.timebank.ledger.Post>> bestPosts(String kind, String category, String text, String district, long excludeMemberId,
                                                            int limit) {
        return ledger.posts().best(kind, category, text, district, excludeMemberId, limit);
    }

    @Override
    public Future<List<org.timebank.ledger.Post>> findPosts(String kind, String words, String district, int limit) {
        return ledger.posts().find(kind, words, district, limit);
    }

    @Override
    public Future<List<org.timebank.ledger.Post>> browsePosts(String kind, String category, String district) {
        return ledger.posts().browse(kind, category, district);
    }

    @Override
    public Future<List<org.timebank.ledger.Post>> myPosts(long memberId) {
        return ledger.posts().mine(memberId);
    }

    @Override
    public Future<Boolean> closePost(long postId, long memberId) {
        return ledger.posts().close(postId, memberId);
    }

    @Override
    public Future<Boolean> introduce(long postId, long memberId, Function<org.timebank.ledger.Post, List<OutboundSms>> messages) {
        return ledger.posts().introduce(postId, memberId, messages);
    }

    @Override
    public Future<String> rate(String reference, long raterId, int stars) {
        return ledger.posts().rate(reference, raterId, stars).map(Enum::name);
    }

    @Override
    public Future<Void> notify(List<OutboundSms> messages) {
        return ledger.outbox().enqueue(ledger.pool(), messages);
    }
}
