package org.timebank.ledger.pg;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.timebank.ledger.Member;
import org.timebank.ledger.PendingRead;

/**
 * Inbound SMS recorded once per provider message id (the body as given, PINs already masked), with
 * the sender's member row read in the same statement (V15), and the row of the member a command
 * names (a SEND's or ASK's number) when the caller gives that number, and for a PIN reply the
 * sender's waiting item with their PIN state ({@link PendingRead}). Messages arriving while others are
 * being recorded are recorded together ({@link Batcher}): one statement and one commit for many,
 * committed without waiting for the disk (the reply or transfer that follows waits for both, V12).
 */
public final class PgInbound {
    /**
     * The records with their senders (and, for the senders in $6, their waiting item and PIN state
     * as one JSON column), then, record columns null, the members the messages name ($5).
     */
    private static final String RECORD = """
            WITH r AS (SELECT * FROM sms_record_inbound($1, $2, $3, $4)),
                 m AS (SELECT * FROM ledger_members_by_phone(ARRAY(SELECT r2.phone FROM r r2) || $5::text[]))
            SELECT r.id AS record_id, r.provider AS record_provider, r.provider_message_id AS record_message_id,
                   to_jsonb(w) AS record_waiting, m.*
            FROM r LEFT JOIN m ON m.phone = r.phone
            LEFT JOIN LATERAL (SELECT * FROM sms_pending_with_pin_states(ARRAY[m.id])
                               WHERE m.id IS NOT NULL AND r.phone = ANY ($6::text[])) w ON true
            UNION ALL
            SELECT NULL, NULL, NULL, NULL, m.* FROM m WHERE m.phone = ANY ($5::text[])""";

    private final Pool pool;

    public PgInbound(Pool pool) {
        this.pool = pool;
    }

    /**
     * A message recorded now for the first time, who sent it (empty for a number that is no
     * member), and the member the message names by the number it was read by (an empty map when it
     * names none; an empty member for a number that is no member's), and, when asked for and the
     * sender is a member, their waiting item and PIN state (else null).
     */
    public record Recorded(long id, Optional<Member> sender, Map<String, Optional<Member>> named, PendingRead waiting) {}

    /** Records a message; answers null when the provider sent it before (also the second copy of one batch). */
    public Future<Recorded> record(String provider, String messageId, String phone, String maskedBody) {
        return record(provider, messageId, phone, maskedBody, null, false);
    }

    /**
     * {@link #record(String, String, String, String)}, reading too the member at {@code namedPhone}
     * (E.164, may be null) and, when {@code senderWaiting}, the sender's waiting item and PIN state
     * (a PIN reply: its confirmation then reads nothing more).
     */
    public Future<Recorded> record(String provider, String messageId, String phone, String maskedBody, String namedPhone,
                                   boolean senderWaiting) {
        return records.submit(new Arrival(provider, messageId, phone, maskedBody, namedPhone, senderWaiting));
    }

    /** Forgets a recorded message, so that the provider's retry is acted on (its handling failed). */
    public Future<Void> forget(long id) {
        return pool.preparedQuery("DELETE FROM inbound_sms WHERE id = $1").execute(Tuple.of(id)).mapEmpty();
    }

    private record Arrival(String provider, String messageId, String phone, String maskedBody, String namedPhone, boolean senderWaiting) {}

    private final Batcher<Arrival, Recorded> records = new Batcher<>(Batcher.IN_FLIGHT, 256, Batcher.SMS_LINGER_NANOS, this::recordAll);

    private Future<List<Recorded>> recordAll(List<Arrival> batch) {
        int n = batch.size();
        String[] providers = new String[n], ids = new String[n], phones = new String[n], bodies = new String[n];
        for (int i = 0; i < n; i++) {
            Arrival a = batch.get(i);
            providers[i] = a.provider();
            ids[i] = a.messageId();
            phones[i] = a.phone();
            bodies[i] = a.maskedBody();
        }
        String[] named = batch.stream().map(Arrival::namedPhone).filter(Objects::nonNull).distinct().toArray(String[]::new);
        String[] waiting = batch.stream().filter(Arrival::senderWaiting).map(Arrival::phone).distinct().toArray(String[]::new);
        return pool.preparedQuery(RECORD).execute(Tuple.of(providers, ids, phones, bodies, named, waiting)).map(rows -> {
            Map<List<String>, Recorded> inserted = new HashMap<>();
            Map<String, Member> namedMembers = new HashMap<>();
            for (Row r : rows) {
                if (r.getLong("record_id") == null) {
                    namedMembers.put(r.getString("phone"), Rows.member(r));
                    continue;
                }
                Optional<Member> sender = r.getLong("id") == null ? Optional.empty() : Optional.of(Rows.member(r));
                PendingRead w = sender.isPresent() && r.getValue("record_waiting") instanceof JsonObject json
                        ? PgPending.WithPinState.of(sender.get().id(), json) : null;
                inserted.put(List.of(r.getString("record_provider"), r.getString("record_message_id")),
                        new Recorded(r.getLong("record_id"), sender, Map.of(), w));
            }
            List<Recorded> answers = new ArrayList<>(n);
            for (Arrival a : batch) {
                Recorded r = inserted.remove(List.of(a.provider(), a.messageId()));
                if (r != null && a.namedPhone() != null) {
                    r = new Recorded(r.id(), r.sender(), Map.of(a.namedPhone(), Optional.ofNullable(namedMembers.get(a.namedPhone()))), r.waiting());
                }
                answers.add(r);
            }
            return answers;
        });
    }
}
