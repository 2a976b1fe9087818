package org.timebank.gateway.sms;

import io.vertx.core.Future;

/** One way of delivering an SMS: the {@code log} provider, Africa's Talking or Twilio. */
public interface SmsSender {
    /** The provider's name as stored with each sent message. */
    String name();

    /** Sends one message; never fails the future for a provider answer, only names the outcome. */
    Future<SendOutcome> send(String toPhone, String body);
}
