package org.timebank.gateway.sms;

import io.vertx.core.Future;

/** One way of delivering an SMS: the {@code log} provider now, Africa's Talking and Twilio next. */
public interface SmsSender {
    /** The provider's name as stored with each sent message. */
    String name();

    /** Sends one message and answers the provider's message id. */
    Future<String> send(String toPhone, String body);
}
