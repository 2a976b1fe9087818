package org.timebank.gateway.sms;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.timebank.ledger.OutboundSms;
import org.timebank.ledger.pg.Batcher;
import org.timebank.ledger.pg.PgOutbox;
import org.timebank.menus.sms.SmsParser;
import org.timebank.menus.sms.SmsService;

/**
 * One inbound SMS, from whichever provider: recorded once per provider message id (with any PIN
 * masked), acted on once, and answered through the outbox. A duplicate delivery (Africa's Talking
 * re-posts until it gets a 200; Twilio retries once) is acknowledged and ignored. If acting fails,
 * the record is removed so the provider's retry acts on it.
 */
public final class SmsInbound {
    private final Pool pool;
    private final SmsService service;
    private final PgOutbox outbox;

    public SmsInbound(Pool pool, SmsService service, PgOutbox outbox) {
        this.pool = pool;
        this.service = service;
        this.outbox = outbox;
    }

    /**
     * Answers true when the message was new and acted on, false for a duplicate. The sender is read
     * while the message is recorded (a duplicate's read is wasted; duplicates are rare).
     */
    public Future<Boolean> receive(String provider, String providerMessageId, String phone, String body) {
        var sender = service.sender(phone);
        return records.submit(new Arrival(provider, providerMessageId, phone, SmsParser.maskPins(body))).compose(id -> {
            if (id == null) return Future.succeededFuture(false);
            return service.handle(phone, body, provider + ":" + providerMessageId, sender)
                    .compose(out -> out.isEmpty() ? Future.<Void>succeededFuture() : replies.submit(out))
                    .map(true)
                    .recover(e -> pool.preparedQuery("DELETE FROM inbound_sms WHERE id = $1").execute(Tuple.of(id))
                            .compose(v -> Future.<Boolean>failedFuture(e)));
        });
    }

    /**
     * Replies to messages handled at about the same time go into the outbox together: one round
     * trip and one commit for many ({@link Batcher}).
     */
    private final Batcher<List<OutboundSms>, Void> replies = new Batcher<>(Batcher.IN_FLIGHT, 64, this::enqueueReplies);

    private Future<List<Void>> enqueueReplies(List<List<OutboundSms>> batch) {
        List<OutboundSms> all = new ArrayList<>();
        for (List<OutboundSms> one : batch) all.addAll(one);
        return outbox.enqueue(pool, all).map(v -> Collections.nCopies(batch.size(), (Void) null));
    }

    private record Arrival(String provider, String messageId, String phone, String maskedBody) {}

    /**
     * Messages arriving while others are being recorded are recorded together: one statement and one
     * commit for many. Each gets its row's id, or null when the provider sent it before (also when
     * the same message is twice in one batch: only the first is new).
     */
    private final Batcher<Arrival, Long> records = new Batcher<>(Batcher.IN_FLIGHT, 256, this::record);

    private Future<List<Long>> record(List<Arrival> batch) {
        int n = batch.size();
        String[] providers = new String[n], ids = new String[n], phones = new String[n], bodies = new String[n];
        for (int i = 0; i < n; i++) {
            Arrival a = batch.get(i);
            providers[i] = a.provider();
            ids[i] = a.messageId();
            phones[i] = a.phone();
            bodies[i] = a.maskedBody();
        }
        // committed without waiting for the disk: the reply or transfer that follows waits for both (V12)
        return pool.preparedQuery("SELECT * FROM sms_record_inbound($1, $2, $3, $4)")
                .execute(Tuple.of(providers, ids, phones, bodies))
                .map(rows -> {
                    Map<List<String>, Long> inserted = new HashMap<>();
                    for (Row r : rows) inserted.put(List.of(r.getString(1), r.getString(2)), r.getLong(0));
                    List<Long> answers = new ArrayList<>(n);
                    for (Arrival a : batch) answers.add(inserted.remove(List.of(a.provider(), a.messageId())));
                    return answers;
                });
    }
}
