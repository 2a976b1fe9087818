package org.timebank.gateway.ussd;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.timebank.menus.ussd.UssdState;

/**
 * USSD sessions in PostgreSQL, so a hop may land on any instance sharing the database. A session
 * keeps its state (never a PIN), how many inputs of the provider's accumulated text it applied,
 * that text with PIN entries masked, and its last answer for repeated hops.
 */
public final class UssdSessionStore {
    private final Pool pool;
    private final int timeoutSeconds;
    private final int resumeSeconds;

    public UssdSessionStore(Pool pool, int timeoutSeconds, int resumeSeconds) {
        this.pool = pool;
        this.timeoutSeconds = timeoutSeconds;
        this.resumeSeconds = resumeSeconds;
    }

    /** A stored session; {@code expired} when it was idle longer than the session lifetime. */
    public record Stored(UssdState state, int consumed, String lastText, String lastResponse, boolean ended,
                         List<Integer> pinPositions, boolean expired) {}

    public Future<Optional<Stored>> load(String sessionId) {
        return pool.preparedQuery("""
                        SELECT state, consumed, last_text, last_response, ended, pin_positions,
                               updated_at < now() - make_interval(secs => $2) AS expired
                        FROM ussd_sessions WHERE session_id = $1""")
                .execute(Tuple.of(sessionId, timeoutSeconds))
                .map(rows -> {
                    if (rows.size() == 0) return Optional.empty();
                    Row r = rows.iterator().next();
                    List<Integer> pins = new ArrayList<>();
                    for (Integer i : r.getArrayOfIntegers("pin_positions")) pins.add(i);
                    return Optional.of(new Stored(UssdState.fromJson((JsonObject) r.getValue("state")), r.getInteger("consumed"),
                            r.getString("last_text"), r.getString("last_response"), r.getBoolean("ended"), pins, r.getBoolean("expired")));
                });
    }

    /** Saves a session after a hop. */
    public Future<Void> save(String sessionId, String phone, UssdState state, int consumed, String maskedText, String response,
                             boolean ended, List<Integer> pinPositions, String outcome) {
        boolean resumable = !ended && state.screen().resumable() && consumed > 0;
        return pool.preparedQuery("""
                        INSERT INTO ussd_sessions (session_id, phone, state, consumed, last_text, last_response, ended, resumable,
                                                   pin_positions, outcome)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                        ON CONFLICT (session_id) DO UPDATE SET state = $3, consumed = $4, last_text = $5, last_response = $6,
                            ended = $7, resumable = $8, pin_positions = $9, outcome = COALESCE($10, ussd_sessions.outcome),
                            updated_at = now()""")
                .execute(Tuple.of(sessionId, phone, state.toJson(), consumed, maskedText, response, ended, resumable)
                        .addArrayOfInteger(pinPositions.toArray(new Integer[0])).addString(outcome))
                .mapEmpty();
    }

    /**
     * A session of this phone dropped mid-flow within the resume window, taken (so it is offered
     * once). Empty when there is none, or when its outcome would be the newer news.
     */
    public Future<Optional<UssdState>> takeResumable(String phone, String exceptSessionId) {
        return pool.preparedQuery("""
                        UPDATE ussd_sessions SET resumable = false
                        WHERE session_id = (SELECT session_id FROM ussd_sessions
                                            WHERE phone = $1 AND session_id <> $2 AND resumable AND NOT ended
                                              AND updated_at > now() - make_interval(secs => $3)
                                            ORDER BY updated_at DESC LIMIT 1)
                        RETURNING state""")
                .execute(Tuple.of(phone, exceptSessionId, resumeSeconds))
                .map(rows -> rows.size() == 0 ? Optional.empty()
                        : Optional.of(UssdState.fromJson((JsonObject) rows.iterator().next().getValue("state"))));
    }

    /** The outcome of this phone's last hours-moving action within the resume window, taken (shown once). */
    public Future<Optional<String>> takeOutcome(String phone) {
        return pool.preparedQuery("""
                        UPDATE ussd_sessions SET outcome_shown = true
                        WHERE session_id = (SELECT session_id FROM ussd_sessions
                                            WHERE phone = $1 AND outcome IS NOT NULL AND NOT outcome_shown
                                              AND updated_at > now() - make_interval(secs => $2)
                                            ORDER BY updated_at DESC LIMIT 1)
                        RETURNING outcome""")
                .execute(Tuple.of(phone, resumeSeconds))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getString(0)));
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
