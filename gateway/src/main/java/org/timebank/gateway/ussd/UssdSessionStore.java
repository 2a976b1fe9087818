package org.timebank.gateway.ussd;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.timebank.ledger.pg.Batcher;
import org.timebank.menus.ussd.UssdState;

/**
 * USSD sessions in PostgreSQL, so a hop may land on any instance sharing the database. A session
 * keeps its state (never a PIN), how many inputs of the provider's accumulated text it applied,
 * that text with PIN entries masked, and its last answer for repeated hops.
 *
 * <p>Each instance also keeps the sessions it saved last in a small cache: the next hop of a session
 * (one input more than it applied) that lands on the same instance starts from there without
 * reading the row. Any other hop (a repeat, a jump, a session this instance did not save last) reads
 * the row, and so does every hop answering a PIN screen. A save never moves a live session
 * backwards nor repeats a hop another instance saved first: it applies only when it carries more
 * applied inputs than the row; otherwise the cache entry is dropped and the stored answer is given.
 */
public final class UssdSessionStore {
    private final Pool pool;
    private final int timeoutSeconds;
    private final int resumeSeconds;
    private final LatestWrites<Stored> recent;
    /**
     * Sessions kept for their next hop, at most: enough for the sessions between two hops at once on
     * one instance (5,000 is, say, 100 sessions a second starting, each a minute long); beyond it
     * the oldest are read again from the database (never wrong, only slower), so abandoned sessions
     * cannot fill the heap. Not more: under load every entry lives a few seconds, long enough to be
     * copied by each young collection, so the bound sets those pauses. With 20,000 (and as many
     * member rows, {@link UssdHops}) they took 20–37 ms on the benchmark's 2-core machine, with
     * 5,000 7–17 ms (ops/README.md, "Measuring").
     */
    static final int RECENT_SESSIONS = 5_000;

    public UssdSessionStore(Pool pool, int timeoutSeconds, int resumeSeconds) {
        this.pool = pool;
        this.timeoutSeconds = timeoutSeconds;
        this.resumeSeconds = resumeSeconds;
        this.recent = new LatestWrites<>(RECENT_SESSIONS, Duration.ofSeconds(timeoutSeconds));
    }

    /**
     * The session a hop with {@code inputCount} inputs continues: from this instance's cache when it
     * saved the session last and this is the next hop, else from the database.
     */
    public Future<Optional<Stored>> forHop(String sessionId, int inputCount) {
        Stored mine = recent.get(sessionId);
        // never for a PIN: a retry of that hop answered by another instance must not count a wrong PIN twice
        if (mine != null && !mine.ended() && mine.consumed() == inputCount - 1 && !mine.state().screen().readsPin()) {
            return Future.succeededFuture(Optional.of(mine));
        }
        return load(sessionId);
    }

    /** What a dial (empty text) starts from: the session if it is live (a repeated dial), else a resume offer or an outcome to show. */
    public record Dial(Optional<Stored> live, Optional<UssdState> resume, Optional<String> outcome) {}

    /**
     * What a dial starts from. Most dials find neither a live session nor anything to offer, and are
     * answered by one read that goes together with other dials arriving meanwhile ({@link Batcher});
     * only when this phone has a resumable session or an outcome to show is it taken, atomically.
     */
    public Future<Dial> dial(String sessionId, String phone) {
        return dialReads.submit(new DialRead(sessionId, phone)).compose(r -> r.pending()
                ? take(sessionId, phone)
                : Future.succeededFuture(new Dial(r.live(), Optional.empty(), Optional.empty())));
    }

    private record DialRead(String sessionId, String phone) {}

    /** The live session, if any; else whether the phone has a resume offer or an outcome waiting. */
    private record DialSeen(Optional<Stored> live, boolean pending) {}

    private final Batcher<DialRead, DialSeen> dialReads = new Batcher<>(Batcher.IN_FLIGHT, 256, this::readDials);

    private Future<List<DialSeen>> readDials(List<DialRead> batch) {
        String[] ids = new String[batch.size()], phones = new String[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            ids[i] = batch.get(i).sessionId();
            phones[i] = batch.get(i).phone();
        }
        return pool.preparedQuery("""
                        SELECT u.ord, l.state, l.consumed, l.last_text, l.last_response, l.ended, l.pin_positions,
                               l.state IS NULL AND EXISTS (
                                   SELECT 1 FROM ussd_sessions r
                                   WHERE r.phone = u.phone AND r.session_id <> u.sid AND r.updated_at > now() - make_interval(secs => $4)
                                     AND ((r.resumable AND NOT r.ended) OR (r.outcome IS NOT NULL AND NOT r.outcome_shown))) AS pending
                        FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS u(sid, phone, ord)
                        LEFT JOIN LATERAL (
                            SELECT state, consumed, last_text, last_response, ended, pin_positions FROM ussd_sessions
                            WHERE session_id = u.sid AND updated_at >= now() - make_interval(secs => $3)
                            LIMIT 1) l ON true""")
                // LIMIT 1 keeps the lookup a per-session index probe, whatever the planner guesses of the arrays' length
                .execute(Tuple.of(ids, phones, timeoutSeconds, resumeSeconds))
                .map(rows -> {
                    DialSeen[] seen = new DialSeen[batch.size()];
                    for (Row r : rows) {
                        int i = (int) (r.getLong("ord") - 1);
                        seen[i] = new DialSeen(r.getValue("state") == null ? Optional.empty() : Optional.of(stored(r, false)), r.getBoolean("pending"));
                    }
                    return java.util.Arrays.asList(seen);
                });
    }

    /**
     * A dial in one round trip: reads the session and, when it is new or idle past its lifetime, takes
     * this phone's resumable session (offered once) or else the outcome of its last hours-moving
     * action within the resume window (shown once).
     */
    private Future<Dial> take(String sessionId, String phone) {
        return pool.preparedQuery("""
                        WITH live AS (
                            SELECT state, consumed, last_text, last_response, ended, pin_positions
                            FROM ussd_sessions WHERE session_id = $1 AND updated_at >= now() - make_interval(secs => $3)),
                        resume AS (
                            UPDATE ussd_sessions SET resumable = false
                            WHERE NOT EXISTS (SELECT 1 FROM live)
                              AND session_id = (SELECT session_id FROM ussd_sessions
                                                WHERE phone = $2 AND session_id <> $1 AND resumable AND NOT ended
                                                  AND updated_at > now() - make_interval(secs => $4)
                                                ORDER BY updated_at DESC LIMIT 1)
                            RETURNING state),
                        outcome AS (
                            UPDATE ussd_sessions SET outcome_shown = true
                            WHERE NOT EXISTS (SELECT 1 FROM live) AND NOT EXISTS (SELECT 1 FROM resume)
                              AND session_id = (SELECT session_id FROM ussd_sessions
                                                WHERE phone = $2 AND outcome IS NOT NULL AND NOT outcome_shown
                                                  AND updated_at > now() - make_interval(secs => $4)
                                                ORDER BY updated_at DESC LIMIT 1)
                            RETURNING outcome)
                        SELECT l.*, (SELECT state FROM resume) AS resume_state, (SELECT outcome FROM outcome) AS outcome
                        FROM (SELECT 1) one LEFT JOIN live l ON true""")
                .execute(Tuple.of(sessionId, phone, timeoutSeconds, resumeSeconds))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    Optional<Stored> live = r.getValue("state") == null ? Optional.empty() : Optional.of(stored(r, false));
                    Object resume = r.getValue("resume_state");
                    return new Dial(live, resume == null ? Optional.empty() : Optional.of(UssdState.fromJson((JsonObject) resume)),
                            Optional.ofNullable(r.getString("outcome")));
                });
    }

    private static Stored stored(Row r, boolean expired) {
        List<Integer> pins = new ArrayList<>();
        for (Integer i : r.getArrayOfIntegers("pin_positions")) pins.add(i);
        return new Stored(UssdState.fromJson((JsonObject) r.getValue("state")), r.getInteger("consumed"),
                r.getString("last_text"), r.getString("last_response"), r.getBoolean("ended"), List.copyOf(pins), expired);
    }

    /** A stored session; {@code expired} when it was idle longer than the session lifetime. */
    public record Stored(UssdState state, int consumed, String lastText, String lastResponse, boolean ended,
                         List<Integer> pinPositions, boolean expired) {}

    /** A stored session by id; reads that arrive while others are in the database go together ({@link Batcher}). */
    public Future<Optional<Stored>> load(String sessionId) {
        return loads.submit(sessionId);
    }

    private final Batcher<String, Optional<Stored>> loads = new Batcher<>(Batcher.IN_FLIGHT, 256, this::loadAll);

    private Future<List<Optional<Stored>>> loadAll(List<String> sessionIds) {
        return pool.preparedQuery("""
                        SELECT u.ord, l.state, l.consumed, l.last_text, l.last_response, l.ended, l.pin_positions, l.expired
                        FROM unnest($1::text[]) WITH ORDINALITY AS u(sid, ord)
                        LEFT JOIN LATERAL (
                            SELECT state, consumed, last_text, last_response, ended, pin_positions,
                                   updated_at < now() - make_interval(secs => $2) AS expired
                            FROM ussd_sessions WHERE session_id = u.sid LIMIT 1) l ON true""")
                .execute(Tuple.of(sessionIds.toArray(new String[0]), timeoutSeconds))
                .map(rows -> {
                    List<Optional<Stored>> found = new ArrayList<>(java.util.Collections.nCopies(sessionIds.size(), Optional.empty()));
                    for (Row r : rows) {
                        if (r.getValue("state") != null) found.set((int) (r.getLong("ord") - 1), Optional.of(stored(r, r.getBoolean("expired"))));
                    }
                    return found;
                });
    }

    /**
     * Saves a session after a hop; answers false when the row already holds as many applied inputs
     * or more (another instance answered this hop first), and then nothing is changed. Saves that
     * arrive while others are in the database go together in one statement ({@link Batcher}).
     */
    public Future<Boolean> save(String sessionId, String phone, UssdState state, int consumed, String maskedText, String response,
                             boolean ended, List<Integer> pinPositions, String outcome) {
        boolean resumable = !ended && state.screen().resumable() && consumed > 0;
        Save save = new Save(sessionId, phone, state, consumed, maskedText, response, ended, resumable, List.copyOf(pinPositions), outcome);
        return saves.submit(save).map(applied -> {
            if (ended || !applied) recent.invalidate(sessionId); // ended, or another instance got this far first
            else recent.put(sessionId, new Stored(state, consumed, maskedText, response, false, save.pinPositions(), false));
            return applied;
        });
    }

    private record Save(String sessionId, String phone, UssdState state, int consumed, String maskedText, String response,
                        boolean ended, boolean resumable, List<Integer> pinPositions, String outcome) {}

    private final Batcher<Save, Boolean> saves = new Batcher<>(Batcher.IN_FLIGHT, 256, this::saveAll);

    /** One statement for many sessions (never the same session twice: hops of a session are answered one at a time). */
    private Future<List<Boolean>> saveAll(List<Save> batch) {
        int n = batch.size();
        String[] ids = new String[n], phones = new String[n], states = new String[n], texts = new String[n], responses = new String[n],
                pins = new String[n], outcomes = new String[n];
        Integer[] consumed = new Integer[n];
        Boolean[] ended = new Boolean[n], resumable = new Boolean[n];
        for (int i = 0; i < n; i++) {
            Save s = batch.get(i);
            ids[i] = s.sessionId();
            phones[i] = s.phone();
            states[i] = s.state().toJson().encode();
            consumed[i] = s.consumed();
            texts[i] = s.maskedText();
            responses[i] = s.response();
            ended[i] = s.ended();
            resumable[i] = s.resumable();
            pins[i] = s.pinPositions().stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(",", "{", "}"));
            outcomes[i] = s.outcome();
        }
        return pool.preparedQuery("""
                        INSERT INTO ussd_sessions AS s (session_id, phone, state, consumed, last_text, last_response, ended, resumable,
                                                        pin_positions, outcome)
                        SELECT u.id, u.phone, u.state::jsonb, u.consumed, u.text, u.response, u.ended, u.resumable, u.pins::int[], u.outcome
                        FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::text[], $6::text[], $7::bool[], $8::bool[],
                                    $9::text[], $10::text[]) AS u(id, phone, state, consumed, text, response, ended, resumable, pins, outcome)
                        ON CONFLICT (session_id) DO UPDATE SET state = EXCLUDED.state, consumed = EXCLUDED.consumed,
                            last_text = EXCLUDED.last_text, last_response = EXCLUDED.last_response, ended = EXCLUDED.ended,
                            resumable = EXCLUDED.resumable, pin_positions = EXCLUDED.pin_positions,
                            outcome = COALESCE(EXCLUDED.outcome, s.outcome), updated_at = now()
                        WHERE s.consumed < EXCLUDED.consumed OR s.updated_at < now() - make_interval(secs => $11)
                        RETURNING s.session_id""")
                .execute(Tuple.tuple().addArrayOfString(ids).addArrayOfString(phones).addArrayOfString(states)
                        .addArrayOfInteger(consumed).addArrayOfString(texts).addArrayOfString(responses)
                        .addArrayOfBoolean(ended).addArrayOfBoolean(resumable).addArrayOfString(pins).addArrayOfString(outcomes)
                        .addInteger(timeoutSeconds))
                .map(rows -> {
                    java.util.Set<String> applied = new java.util.HashSet<>();
                    for (Row r : rows) applied.add(r.getString(0));
                    List<Boolean> answers = new ArrayList<>(n);
                    for (Save s : batch) answers.add(applied.contains(s.sessionId()));
                    return answers;
                });
    }

    /** A shortcut dial is an explicit new start: any resume offer for this phone is dropped. */
    public Future<Void> dropResumable(String phone) {
        return pool.preparedQuery("UPDATE ussd_sessions SET resumable = false WHERE phone = $1 AND resumable")
                .execute(Tuple.of(phone)).mapEmpty();
    }

    public Future<Void> recordEvent(String sessionId, String phone, String status, String maskedInput, Integer hops, Long durationMs,
                                    String errorMessage) {
        return pool.preparedQuery("""
                        INSERT INTO ussd_events (session_id, phone, status, input, hops_count, duration_ms, error_message)
                        VALUES ($1, $2, $3, $4, $5, $6, $7)""")
                .execute(Tuple.of(sessionId, phone, status, maskedInput, hops, durationMs, errorMessage)).mapEmpty();
    }

    /** Forgets sessions idle for a day. */
    public Future<Integer> purge() {
        return pool.query("DELETE FROM ussd_sessions WHERE updated_at < now() - interval '1 day'").execute().map(r -> r.rowCount());
    }
}
