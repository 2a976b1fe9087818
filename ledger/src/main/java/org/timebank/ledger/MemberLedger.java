package org.timebank.ledger;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the member-facing menus (USSD now, SMS next) may do with the ledger: a narrow interface of
 * domain types, implemented on PostgreSQL by {@code org.timebank.ledger.pg.PgMemberLedger}. Every
 * write that moves hours takes a caller-chosen idempotency key.
 */
public interface MemberLedger {
    Future<Optional<Member>> memberByPhone(String e164);

    /** An NGO by code, with its contact line. */
    Future<Optional<Org>> org(String code);

    Future<List<Org>> orgs();

    Future<List<Fund>> funds();

    /** Outcome of a member registering themselves. */
    enum Registration { REGISTERED, PHONE_TAKEN, UNKNOWN_ORG }

    record Registered(Registration outcome, Member member) {}

    /** Registers the caller with a PIN already hashed by {@link #hashPin}; the welcome SMS in the same transaction. */
    Future<Registered> register(String phone, String name, String orgCode, String language, String pinHash,
                                Function<Member, List<OutboundSms>> welcome);

    /** A peppered hash of a PIN, to hold between the two entries of a new PIN without keeping the PIN. */
    String hashPin(String pin);

    boolean pinMatchesHash(String pin, String hash);

    Future<PinCheck> checkPin(long memberId, String pin);

    /** Starts reading the member's PIN state now, for a {@link #checkPin(long, String, PinStateRead)} in the same hop. */
    PinStateRead readPinStateAhead(long memberId);

    /**
     * {@link #checkPin(long, String)} from the state read ahead for this member (read now when
     * {@code readAhead} is null or for another member). Decided the same way: only the right PIN
     * with no wrong one before it and no lock is answered from that read, anything else with the
     * member row locked.
     */
    Future<PinCheck> checkPin(long memberId, String pin, PinStateRead readAhead);

    /** Sets the PIN of a member who has none (status pin_required) to an already hashed PIN. */
    Future<Boolean> setFirstPinHash(long memberId, String pinHash);

    /** Replaces the PIN of an active member whose old PIN was checked in this session. */
    Future<Boolean> replacePinHash(long memberId, String pinHash);

    /** Chooses the first PIN of a member who has none (weak PINs refused). */
    Future<PinChange> setFirstPin(long memberId, String pin);

    /** Changes a PIN after checking the old one (a wrong old PIN counts towards the lock). */
    Future<PinChange> changePin(long memberId, String oldPin, String newPin);

    Future<TransferResult> transfer(TransferCommand command, Notices notices);

    /**
     * Holds a transfer ({@code send}) or donation started by SMS until the PIN; replaces an older
     * one. {@code reply} (the member's "reply with your PIN") goes to the outbox with it.
     */
    Future<Pending> holdPending(long memberId, String kind, Long toMemberId, String fundCode, long minutes, String note, int ttlSeconds,
                                OutboundSms reply);

    Future<Optional<Pending>> currentPending(long memberId);

    /**
     * The member's pending item and, when it waits and has not expired, {@code pin} checked as
     * {@link #checkPin} does: the item and the member's PIN state are read in one statement, so the
     * right PIN costs no other read.
     */
    default Future<PendingPinCheck> currentPendingCheckingPin(long memberId, String pin) {
        return currentPendingCheckingPin(memberId, pin, null);
    }

    /** {@link #currentPendingCheckingPin(long, String)} from what was read ahead for the member (read now when null). */
    Future<PendingPinCheck> currentPendingCheckingPin(long memberId, String pin, PendingRead readAhead);

    Future<Boolean> cancelPending(long memberId);

    Future<Void> expirePending(long pendingId);

    /**
     * Posts a pending item (as {@link #currentPending} or {@link #currentPendingCheckingPin} read it) after its PIN was checked, while it
     * still waits; keyed on the item, so at most once.
     */
    Future<TransferResult> confirmPending(Pending item, Notices notices);

    /** The last movements of a member, newest first. */
    Future<List<Transfer>> recentTransfers(long memberId, int limit);

    Future<Void> setLanguage(long memberId, String language);

    Future<Void> setOptedOut(long memberId, boolean optedOut);

    /** Creates a request for hours (idempotent by key); the SMS to the payer in the same transaction. */
    Future<PaymentRequest> createRequest(long requesterId, long payerId, long amountMinutes, String note, String key,
                                         int expiryDays, Function<PaymentRequest, List<OutboundSms>> notice);

    /** Requests waiting for this payer, oldest first, expired ones left out. */
    Future<List<PaymentRequest>> waitingRequests(long payerId);

    /** Pays a waiting request (a transfer of kind request, keyed on the request); empty refusal if it no longer waits. */
    Future<TransferResult> payRequest(long requestId, long payerId, Notices notices);

    /** Declines a waiting request; false if it no longer waits. The requester's SMS in the same transaction. */
    Future<Boolean> declineRequest(long requestId, long payerId, Function<PaymentRequest, List<OutboundSms>> notice);

    // ---------------------------------------------------------------- needs and offers

    Future<List<Category>> categories();

    /** Posts a need or an offer ({@code kind} need or offer). */
    Future<Post> post(long memberId, String kind, String category, String body, Long minutes, int expiryDays);

    Future<Optional<Post>> postById(long id);

    /** The best open posts of a kind for a text (same category, words in common, same district), not the member's own. */
    Future<List<Post>> bestPosts(String kind, String category, String text, String district, long excludeMemberId, int limit);

    /** Open posts of a kind matching any of the words. */
    Future<List<Post>> findPosts(String kind, String words, String district, int limit);

    Future<Boolean> closePost(long postId, long memberId);

    /** Open posts of a kind in a category, nearest community first. */
    Future<List<Post>> browsePosts(String kind, String category, String district);

    /** A member's own open posts. */
    Future<List<Post>> myPosts(long memberId);

    /** Introduces a member to a post's owner once, writing both SMS in the same transaction; false if done before. */
    Future<Boolean> introduce(long postId, long memberId, Function<Post, List<OutboundSms>> messages);

    /** Rates the other member of a transfer once: RATED, ALREADY_RATED, NOT_YOURS or UNKNOWN_TRANSFER. */
    Future<String> rate(String reference, long raterId, int stars);

    /** Writes messages to the outbox (alerts); a known dedupe key is skipped. */
    Future<Void> notify(List<OutboundSms> messages);
}
