package org.timebank.gateway.ussd;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.timebank.ledger.Member;
import org.timebank.ledger.MemberLedger;
import org.timebank.ledger.PinPolicy;
import org.timebank.ledger.PinStateRead;
import org.timebank.menus.ussd.UssdEngine;
import org.timebank.menus.ussd.UssdState;

/**
 * Turns one provider hop (session id, phone, the accumulated input text) into one screen: a
 * repeated hop gets the stored answer; otherwise the inputs not yet applied are applied one by one
 * (a shortcut dial's inputs all on the first hop), and the session is saved. Provider-neutral.
 */
public final class UssdHops {
    private static final Pattern FOUR_DIGITS = Pattern.compile("[0-9]{4}");
    private final UssdEngine engine;
    private final UssdSessionStore store;
    private final MemberLedger ledger;

    public UssdHops(UssdEngine engine, UssdSessionStore store, MemberLedger ledger) {
        this.engine = engine;
        this.store = store;
        this.ledger = ledger;
    }

    /**
     * The caller's member row as this instance last read it for a session, used again for the
     * session's next hops on this instance for up to {@link #MEMBER_REUSE} after the read, except a
     * hop answering a PIN screen, which reads it afresh: one database read fewer per menu step. What
     * is decided from it is shown, not final: PIN checks and transfers are decided by the ledger, the
     * balance screen is drawn from the row read at its PIN hop, and every action that changes the
     * member (language, offers, PIN, registration) ends the session. A change made elsewhere in
     * those seconds (a suspension, a lock, hours received) shows from the next fresh read.
     */
    static final Duration MEMBER_REUSE = Duration.ofSeconds(60);
    private final LatestWrites<Member> sessionMembers = new LatestWrites<>(UssdSessionStore.RECENT_SESSIONS, MEMBER_REUSE);

    /** Hops of one session in flight on this instance, so a retry that arrives at once waits for the first. */
    private final java.util.Map<String, Future<String>> inFlight = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Answers {@code CON …} or {@code END …}. Hops of the same session are handled one after the
     * other on an instance: a provider retry arriving while the first is still being answered gets
     * the stored answer instead of applying the input (a wrong PIN) a second time.
     */
    public Future<String> hop(String sessionId, String phone, String text) {
        io.vertx.core.Promise<String> mine = io.vertx.core.Promise.promise();
        Future<String> before = inFlight.put(sessionId, mine.future());
        Future<String> after = before == null ? Future.succeededFuture() : before.transform(x -> Future.succeededFuture());
        after.compose(v -> handle(sessionId, phone, text)).onComplete(r -> {
            inFlight.remove(sessionId, mine.future());
            mine.handle(r);
        });
        return mine.future();
    }

    private Future<String> handle(String sessionId, String phone, String text) {
        List<String> inputs = text.isEmpty() ? List.of() : Arrays.asList(text.split("\\*", -1));
        if (inputs.isEmpty()) {
            // the caller's member is read beside the session, not after it: one round trip less to wait for
            Future<Optional<Member>> member = ledger.memberByPhone(phone);
            return store.dial(sessionId, phone).compose(d -> d.live().isPresent()
                    ? Future.succeededFuture(d.live().get().lastResponse()) // a repeated dial
                    : startOver(sessionId, phone, inputs, d, member));
        }
        return store.forHop(sessionId, inputs.size()).compose(stored -> {
            if (stored.isPresent() && !stored.get().expired()) {
                UssdSessionStore.Stored s = stored.get();
                if (inputs.size() <= s.consumed() || s.ended()) return Future.succeededFuture(s.lastResponse());
                if (inputs.size() - s.consumed() > 1) {
                    sessionMembers.invalidate(sessionId);
                    return apply(sessionId, phone, inputs, s.consumed(), s.state(), new ArrayList<>(s.pinPositions()), null, null, null);
                }
                // one new input, as nearly every hop: the member row from the hop before, or read now
                boolean pinScreen = s.state().screen().readsPin();
                Member before = sessionMembers.get(sessionId);
                Member known = pinScreen ? null : before;
                Future<Optional<Member>> member = known != null ? Future.succeededFuture(Optional.of(known)) : ledger.memberByPhone(phone);
                // a PIN screen reads the member afresh; the PIN state is read beside it (for the member the
                // session had; the check reads again if the fresh row is another member's)
                PinStateRead pinAhead = pinScreen && before != null && PinPolicy.isFourDigits(inputs.get(s.consumed()).trim())
                        ? ledger.readPinStateAhead(before.id()) : null;
                Future<String> answer = apply(sessionId, phone, inputs, s.consumed(), s.state(), new ArrayList<>(s.pinPositions()), null, member, pinAhead);
                return keepMember(sessionId, answer, known == null ? member : null);
            }
            if (stored.isPresent()) {
                // a session idle past its lifetime: start at the first screen
                return store.dial(sessionId, phone).compose(d -> startOver(sessionId, phone, inputs, d, ledger.memberByPhone(phone)));
            }
            return store.dropResumable(phone)
                    .compose(v -> engine.dial(sessionId, phone, UssdEngine.Entry.shortcutDial()))
                    .compose(first -> first.ended() ? save(sessionId, phone, inputs, 0, first, new ArrayList<>(), null)
                            : apply(sessionId, phone, inputs, 0, first.state(), new ArrayList<>(), null, null, null));
        });
    }

    /** The first screen of a new session (or one idle past its lifetime): a resume offer or the last outcome first. */
    private Future<String> startOver(String sessionId, String phone, List<String> inputs, UssdSessionStore.Dial d,
                                     Future<Optional<Member>> member) {
        UssdEngine.Entry entry = d.resume().isPresent() ? new UssdEngine.Entry(d.resume().get(), null, false)
                : new UssdEngine.Entry(null, d.outcome().orElse(null), false);
        return engine.dial(sessionId, phone, entry, member)
                .compose(first -> keepMember(sessionId, save(sessionId, phone, inputs, 0, first, new ArrayList<>(), first.outcome()),
                        inputs.isEmpty() ? member : null));
    }

    /**
     * After a hop: keeps the member row read {@code fresh} for the session's next hops while the
     * session goes on, forgets it when the hop ended the session; a row used again keeps its
     * first read's time.
     */
    private Future<String> keepMember(String sessionId, Future<String> answer, Future<Optional<Member>> fresh) {
        return answer.onSuccess(screen -> {
            if (screen.startsWith("END")) sessionMembers.invalidate(sessionId);
            else if (fresh != null && fresh.succeeded()) fresh.result().ifPresent(m -> sessionMembers.put(sessionId, m));
        });
    }

    /**
     * Applies inputs from {@code from} on; {@code member}, when given, is the caller's row for the
     * first of them, and {@code pinAhead} the caller's PIN state being read for it.
     */
    private Future<String> apply(String sessionId, String phone, List<String> inputs, int from, UssdState state,
                                 List<Integer> pins, String outcome, Future<Optional<Member>> member, PinStateRead pinAhead) {
        if (state.screen().readsPin()) pins.add(from);
        Future<UssdEngine.Hop> applied = member != null ? engine.input(sessionId, phone, state, inputs.get(from), from, member, pinAhead)
                : engine.input(sessionId, phone, state, inputs.get(from), from);
        return applied.compose(hop -> {
            String produced = hop.outcome() != null ? hop.outcome() : outcome;
            if (hop.ended() || from + 1 >= inputs.size()) {
                return save(sessionId, phone, inputs, from + 1, hop, pins, produced);
            }
            return apply(sessionId, phone, inputs, from + 1, hop.state(), pins, produced, null, null);
        });
    }

    /**
     * Saves the session; every input counts as seen. Inputs from {@code applied} on were not read
     * by a screen (the session ended first, or was started over), so any of them that could be a
     * PIN (4 digits) is masked as well.
     */
    private Future<String> save(String sessionId, String phone, List<String> inputs, int applied, UssdEngine.Hop hop,
                                List<Integer> pins, String outcome) {
        List<Integer> masked = new ArrayList<>(pins);
        for (int i = applied; i < inputs.size(); i++) if (FOUR_DIGITS.matcher(inputs.get(i).trim()).matches()) masked.add(i);
        return store.save(sessionId, phone, hop.state(), inputs.size(), mask(inputs, masked), hop.response(), hop.ended(), masked, outcome)
                .compose(saved -> saved ? Future.succeededFuture(hop.response())
                        // another instance answered this hop first: give its answer, as a retry would get
                        : store.load(sessionId).map(stored -> stored.map(UssdSessionStore.Stored::lastResponse).orElse(hop.response())));
    }

    /** The accumulated text with every PIN entry replaced by {@code ****}. */
    static String mask(List<String> inputs, List<Integer> pinPositions) {
        List<String> masked = new ArrayList<>(inputs);
        for (int i : pinPositions) if (i < masked.size()) masked.set(i, "****");
        return String.join("*", masked);
    }

    /** Masks an input text from an event, using the session's PIN positions when known, else every 4-digit input. */
    public Future<String> maskedInput(String sessionId, String input) {
        if (input == null || input.isEmpty()) return Future.succeededFuture(input);
        List<String> inputs = Arrays.asList(input.split("\\*", -1));
        return store.load(sessionId).map(s -> {
            List<Integer> pins = new ArrayList<>();
            if (s.isPresent()) pins.addAll(s.get().pinPositions());
            for (int i = 0; i < inputs.size(); i++) if (FOUR_DIGITS.matcher(inputs.get(i).trim()).matches()) pins.add(i); // never trust a gap
            return mask(inputs, pins);
        });
    }

    public UssdSessionStore store() {
        return store;
    }

}
