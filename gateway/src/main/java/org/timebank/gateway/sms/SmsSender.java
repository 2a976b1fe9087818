package org.timebank.gateway.sms;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/** One way of delivering an SMS: the {@code log} provider, Africa's Talking or Twilio. */
public interface SmsSender {
    /** The provider's name as stored with each sent message. */
    String name();

    /** Sends one message; never fails the future for a provider answer, only names the outcome. */
    Future<SendOutcome> send(String toPhone, String body);

    /**
     * How many numbers one request to the provider can carry with the same body ({@link #sendMany}
     * sends longer lists in several requests). 1 for a provider that sends one message per call.
     */
    default int maxBatch() {
        return 1;
    }

    /**
     * How many messages the dispatcher hands over at once at most (one claim): every one of them is
     * held in memory until the provider has answered, so a provider that sends one message per call
     * asks for a few times its calls in flight, not thousands.
     */
    default int maxClaim() {
        return OutboxDispatcher.MAX_CLAIM;
    }

    /**
     * Whether a failed call never reached the provider (the connection was refused, so nothing was
     * sent), wherever the {@code ConnectException} sits among the failure's causes.
     */
    static boolean connectionRefused(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) if (t instanceof java.net.ConnectException) return true;
        return false;
    }

    /**
     * Sends the same body to each number; answers one outcome per number, in the same order. Never
     * fails the future for a provider answer. This default sends the messages one by one, all at
     * once; a send whose future fails anyway counts as {@code MaybeSent} (it may have gone out).
     */
    default Future<List<SendOutcome>> sendMany(List<String> toPhones, String body) {
        List<Future<SendOutcome>> sends = new ArrayList<>(toPhones.size());
        for (String phone : toPhones) {
            sends.add(send(phone, body).recover(e -> Future.succeededFuture(
                    new SendOutcome.MaybeSent("not handled: " + e.getClass().getSimpleName()))));
        }
        return Future.join(sends).map(v -> {
            List<SendOutcome> outcomes = new ArrayList<>(sends.size());
            for (Future<SendOutcome> f : sends) outcomes.add(f.result());
            return outcomes;
        });
    }
}
