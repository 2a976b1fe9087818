package org.timebank.ledger.pg;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.timebank.ledger.Member;

/**
 * Inbound SMS recorded once per provider message id (the body as given, PINs already masked), with
 * the sender's member row read in the same statement (V15). Messages arriving while others are
 * being recorded are recorded together ({@link Batcher}): one statement and one commit for many,
 * committed without waiting for the disk (the reply or transfer that follows waits for both, V12).
 */
public final class PgInbound {
    private static final String RECORD = """
            WITH r AS (SELECT * FROM sms_record_inbound($1, $2, $3, $4))
            SELECT r.id AS record_id, r.provider AS record_provider, r.provider_message_id AS record_message_id, m.*
            FROM r LEFT JOIN ledger_members_by_phone(ARRAY(SELECT r2.phone FROM r r2)) m ON m.phone = r.phone""";

    private final Pool pool;

    public PgInbound(Pool pool) {
        this.pool = pool;
    }

    /** A message recorded now for the first time, and who sent it (empty for a number that is no member). */
    public record Recorded(long id, Optional<Member> sender) {}

    /** Records a message; answers null when the provider sent it before (also the second copy of one batch). */
    public Future<Recorded> record(String provider, String messageId, String phone, String maskedBody) {
        return records.submit(new Arrival(provider, messageId, phone, maskedBody));
    }

    /** Forgets a recorded message, so that the provider's retry is acted on (its handling failed). */
    public Future<Void> forget(long id) {
        return pool.preparedQuery("DELETE FROM inbound_sms WHERE id = $1").execute(Tuple.of(id)).mapEmpty();
    }

    private record Arrival(String provider, String messageId, String phone, String maskedBody) {}

    private final Batcher<Arrival, Recorded> records = new Batcher<>(Batcher.IN_FLIGHT, 256, this::recordAll);

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
        return pool.preparedQuery(RECORD).execute(Tuple.of(providers, ids, phones, bodies)).map(rows -> {
            Map<List<String>, Recorded> inserted = new HashMap<>();
            for (Row r : rows) {
                Optional<Member> sender = r.getLong("id") == null ? Optional.empty() : Optional.of(Rows.member(r));
                inserted.put(List.of(r.getString("record_provider"), r.getString("record_message_id")), new Recorded(r.getLong("record_id"), sender));
            }
            List<Recorded> answers = new ArrayList<>(n);
            for (Arrival a : batch) answers.add(inserted.remove(List.of(a.provider(), a.messageId())));
            return answers;
        });
    }
}
