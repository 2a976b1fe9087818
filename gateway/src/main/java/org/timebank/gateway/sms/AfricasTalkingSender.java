package org.timebank.gateway.sms;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.core.buffer.Buffer;
import java.net.ConnectException;
import java.util.Set;

/**
 * Africa's Talking's SMS API over the Vert.x WebClient (its Java SDK is not on Maven Central):
 * {@code POST {AT_API_BASE}/version1/messaging}, header {@code apiKey}, form {@code username, to,
 * message[, from]}; success is 201 with {@code SMSMessageData.Recipients[0]}. Per-recipient codes
 * 100-102 are accepted; 406 (UserInBlacklist) is an opt-out; 500/501 never left Africa's Talking.
 */
public final class AfricasTalkingSender implements SmsSender {
    private static final Set<Integer> ACCEPTED = Set.of(100, 101, 102);
    private static final Set<Integer> NOT_SENT = Set.of(500, 501);
    private final WebClient client;
    private final String base;
    private final String username;
    private final String apiKey;
    private final String senderId;

    public AfricasTalkingSender(Vertx vertx, String base, String username, String apiKey, String senderId) {
        this.client = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(5_000).setIdleTimeout(30));
        this.base = base;
        this.username = username;
        this.apiKey = apiKey;
        this.senderId = senderId;
    }

    @Override
    public String name() {
        return "africastalking";
    }

    @Override
    public Future<SendOutcome> send(String toPhone, String body) {
        MultiMap form = MultiMap.caseInsensitiveMultiMap().add("username", username).add("to", toPhone).add("message", body);
        if (senderId != null) form.add("from", senderId);
        return client.postAbs(base + "/version1/messaging")
                .putHeader("apiKey", apiKey)
                .putHeader("Accept", "application/json")
                .timeout(10_000)
                .sendForm(form)
                .map(this::outcome)
                .recover(e -> Future.succeededFuture(rootCause(e) instanceof ConnectException
                        ? new SendOutcome.NotReached("connection refused")
                        : new SendOutcome.MaybeSent("no answer: " + e.getClass().getSimpleName())));
    }

    private SendOutcome outcome(HttpResponse<Buffer> r) {
        int status = r.statusCode();
        if (status == 429) return new SendOutcome.NotReached("HTTP 429");
        if (status >= 500) return new SendOutcome.MaybeSent("HTTP " + status);
        if (status < 200 || status >= 300) return new SendOutcome.Refused("HTTP " + status, false);
        try {
            JsonArray recipients = r.bodyAsJsonObject().getJsonObject("SMSMessageData").getJsonArray("Recipients");
            if (recipients == null || recipients.isEmpty()) return new SendOutcome.Refused("no recipient accepted", false);
            JsonObject first = recipients.getJsonObject(0);
            int code = first.getInteger("statusCode", 0);
            if (ACCEPTED.contains(code)) return new SendOutcome.Accepted(first.getString("messageId"));
            if (NOT_SENT.contains(code)) return new SendOutcome.NotReached("statusCode " + code);
            return new SendOutcome.Refused("statusCode " + code + " " + first.getString("status", ""), code == 406);
        } catch (RuntimeException e) {
            return new SendOutcome.MaybeSent("unreadable answer");
        }
    }

    static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t;
    }
}
