package org.timebank.gateway.sms;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.timebank.ledger.OutboundSms;
import org.timebank.ledger.pg.Batcher;
import org.timebank.ledger.pg.PgInbound;
import org.timebank.ledger.pg.PgOutbox;
import org.timebank.menus.sms.SmsParser;
import org.timebank.menus.sms.SmsService;

/**
 * One inbound SMS, from whichever provider: recorded once per provider message id (with any PIN
 * masked) together with a read of its sender and of what its command reads ({@link PgInbound}:
 * the member a SEND names, a PIN reply's waiting item), acted on once, and answered
 * through the outbox. A duplicate delivery (Africa's Talking re-posts until it gets a 200; Twilio
 * retries once) is acknowledged and ignored. If acting fails, the record is removed so the
 * provider's retry acts on it.
 */
public final class SmsInbound {
    private final Pool pool;
    private final PgInbound inbound;
    private final SmsService service;
    private final PgOutbox outbox;

    public SmsInbound(Pool pool, PgInbound inbound, SmsService service, PgOutbox outbox) {
        this.pool = pool;
        this.inbound = inbound;
        this.service = service;
        this.outbox = outbox;
    }

    /** Answers true when the message was new and acted on, false for a duplicate. */
    public Future<Boolean> receive(String provider, String providerMessageId, String phone, String body) {
        SmsService.ReadAhead ahead = service.readAhead(body);
        String masked = SmsParser.maskPins(body);
        return inbound.record(provider, providerMessageId, phone, masked, ahead.namedNumber().orElse(null), ahead.waitingItem()).compose(recorded -> {
            if (recorded == null) return Future.succeededFuture(false);
            SmsService.Read read = new SmsService.Read(recorded.sender(), recorded.named(), recorded.waiting());
            return service.handle(phone, body, provider + ":" + providerMessageId, ahead, read)
                    .compose(out -> out.isEmpty() ? Future.<Void>succeededFuture() : replies.submit(out))
                    .map(true)
                    .recover(e -> inbound.forget(recorded.id()).compose(v -> Future.<Boolean>failedFuture(e)));
        });
    }

    /**
     * Replies to messages handled at about the same time go into the outbox together: one round
     * trip and one commit for many ({@link Batcher}).
     */
    private final Batcher<List<OutboundSms>, Void> replies = new Batcher<>(Batcher.IN_FLIGHT, 64, Batcher.SMS_LINGER_NANOS, this::enqueueReplies);

    private Future<List<Void>> enqueueReplies(List<List<OutboundSms>> batch) {
        List<OutboundSms> all = new ArrayList<>();
        for (List<OutboundSms> one : batch) all.addAll(one);
        return outbox.enqueue(pool, all).map(v -> Collections.nCopies(batch.size(), (Void) null));
    }
}
