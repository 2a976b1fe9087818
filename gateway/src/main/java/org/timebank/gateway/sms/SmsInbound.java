package org.timebank.gateway.sms;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
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

    /** Answers true when the message was new and acted on, false for a duplicate. */
    public Future<Boolean> receive(String provider, String providerMessageId, String phone, String body) {
        return pool.preparedQuery("""
                        INSERT INTO inbound_sms (provider, provider_message_id, phone, body) VALUES ($1, $2, $3, $4)
                        ON CONFLICT (provider, provider_message_id) DO NOTHING RETURNING id""")
                .execute(Tuple.of(provider, providerMessageId, phone, SmsParser.maskPins(body)))
                .compose(rows -> {
                    if (rows.size() == 0) return Future.succeededFuture(false);
                    long id = rows.iterator().next().getLong(0);
                    return service.handle(phone, body, provider + ":" + providerMessageId)
                            .compose(replies -> outbox.enqueue(pool, replies))
                            .map(true)
                            .recover(e -> pool.preparedQuery("DELETE FROM inbound_sms WHERE id = $1").execute(Tuple.of(id))
                                    .compose(v -> Future.<Boolean>failedFuture(e)));
                });
    }
}
