package org.timebank.gateway.sms;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Africa's Talking's SMS API over the Vert.x WebClient (its Java SDK is not on Maven Central):
 * {@code POST {AT_API_BASE}/version1/messaging}, header {@code apiKey}, form {@code username, to,
 * message[, from]}; success is 201 with {@code SMSMessageData.Recipients[]}, one entry per number.
 * Per-recipient codes 100-102 are accepted; 406 (UserInBlacklist) is an opt-out; 500/501 never left
 * Africa's Talking; any other code is a refusal of that number.
 *
 * <p>{@code to} takes a comma-separated list, so one request carries up to {@link #BATCH} numbers
 * that get the same body; each number's outcome is read from its own {@code Recipients} entry,
 * matched by number. An answer about the whole request (429, 5xx, timeout, refused connection,
 * other 4xx, an unreadable body) is the outcome of every number in it.
 */
public final class AfricasTalkingSender implements SmsSender {
    /**
     * Numbers per request. Africa's Talking documents no maximum for {@code to}: its SMS sending
     * pages (docs.africastalking.com/sms/sending/...) only say "a comma separated string of
     * recipients' phone numbers", and its SDKs pass the whole list through (some third-party
     * wrappers cap at 100 on their own). What does bite is the size of one form field: 8 KB is a
     * common server default (Vert.x's own {@code maxFormAttributeSize} is 8,192 bytes, and a test
     * fake built on it refuses a longer {@code to} with a 400, which would be read as a refusal of
     * every number). URL-encoded, an E.164 number costs at most 21 bytes ({@code %2B}, 15 digits,
     * {@code %2C}), so 390 numbers always fit in 8,192 bytes. A 2,000-message claim still needs
     * only six requests, and one 5xx or timeout makes at most 390 messages uncertain.
     */
    public static final int BATCH = 390;
    private static final Set<Integer> ACCEPTED = Set.of(100, 101, 102);
    private static final Set<Integer> NOT_SENT = Set.of(500, 501);
    private final WebClient client;
    private final String base;
    private final String username;
    private final String apiKey;
    private final String senderId;

    public AfricasTalkingSender(Vertx vertx, String base, String username, String apiKey, String senderId) {
        this.client = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(5_000).setIdleTimeout(30),
                new PoolOptions().setHttp1MaxSize(16));
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
    public int maxBatch() {
        return BATCH;
    }

    @Override
    public Future<SendOutcome> send(String toPhone, String body) {
        return request(List.of(toPhone), body).map(list -> list.get(0));
    }

    @Override
    public Future<List<SendOutcome>> sendMany(List<String> toPhones, String body) {
        if (toPhones.isEmpty()) return Future.succeededFuture(List.of());
        // Requests of at most BATCH numbers, none twice in one request (two messages with the same
        // body to one member go in separate requests, so each answer entry names one message).
        List<List<Integer>> requests = new ArrayList<>();
        List<Set<String>> numbers = new ArrayList<>();
        int open = 0;
        for (int i = 0; i < toPhones.size(); i++) {
            String n = digits(toPhones.get(i));
            int r = open;
            while (r < requests.size() && (requests.get(r).size() >= BATCH || numbers.get(r).contains(n))) r++;
            if (r == requests.size()) {
                requests.add(new ArrayList<>());
                numbers.add(new HashSet<>());
            }
            requests.get(r).add(i);
            numbers.get(r).add(n);
            while (open < requests.size() && requests.get(open).size() >= BATCH) open++;
        }
        SendOutcome[] outcomes = new SendOutcome[toPhones.size()];
        List<Future<Void>> sends = new ArrayList<>(requests.size());
        for (List<Integer> indexes : requests) {
            List<String> phones = new ArrayList<>(indexes.size());
            for (int i : indexes) phones.add(toPhones.get(i));
            sends.add(request(phones, body).map(list -> {
                for (int k = 0; k < indexes.size(); k++) outcomes[indexes.get(k)] = list.get(k);
                return null;
            }));
        }
        return Future.join(sends).map(v -> Arrays.asList(outcomes));
    }

    /** One request for distinct numbers; answers their outcomes in order (the future never fails). */
    private Future<List<SendOutcome>> request(List<String> phones, String body) {
        MultiMap form = MultiMap.caseInsensitiveMultiMap().add("username", username).add("to", String.join(",", phones)).add("message", body);
        if (senderId != null) form.add("from", senderId);
        return client.postAbs(base + "/version1/messaging")
                .putHeader("apiKey", apiKey)
                .putHeader("Accept", "application/json")
                // a long list takes Africa's Talking longer to answer; a timeout makes every number uncertain
                .timeout(10_000 + 20L * phones.size())
                .sendForm(form)
                .map(r -> outcomes(r, phones))
                .recover(e -> Future.succeededFuture(all(phones, SmsSender.connectionRefused(e)
                        ? new SendOutcome.NotReached("connection refused")
                        : new SendOutcome.MaybeSent("no answer: " + e.getClass().getSimpleName()))));
    }

    private static List<SendOutcome> outcomes(HttpResponse<Buffer> r, List<String> phones) {
        int status = r.statusCode();
        if (status == 429) return all(phones, new SendOutcome.NotReached("HTTP 429"));
        if (status >= 500) return all(phones, new SendOutcome.MaybeSent("HTTP " + status));
        if (status < 200 || status >= 300) return all(phones, new SendOutcome.Refused("HTTP " + status, false));
        JsonArray recipients;
        try {
            recipients = r.bodyAsJsonObject().getJsonObject("SMSMessageData").getJsonArray("Recipients");
        } catch (RuntimeException e) {
            return all(phones, new SendOutcome.MaybeSent("unreadable answer"));
        }
        // an empty list is Africa's Talking refusing the request itself (e.g. InvalidSenderId)
        if (recipients == null || recipients.isEmpty()) return all(phones, new SendOutcome.Refused("no recipient accepted", false));
        Map<String, JsonObject> byNumber = new HashMap<>();
        for (int i = 0; i < recipients.size(); i++) {
            try {
                JsonObject entry = recipients.getJsonObject(i);
                String number = entry.getString("number");
                if (number != null) byNumber.putIfAbsent(digits(number), entry);
            } catch (RuntimeException e) {
                // an entry we cannot read leaves its number missing: MaybeSent below
            }
        }
        List<SendOutcome> list = new ArrayList<>(phones.size());
        for (String phone : phones) {
            JsonObject entry = byNumber.get(digits(phone));
            // one number and one entry: that entry is its answer, however the number was written back
            if (entry == null && phones.size() == 1 && recipients.size() == 1) entry = recipients.getValue(0) instanceof JsonObject o ? o : null;
            list.add(entry == null ? new SendOutcome.MaybeSent("not in the answer") : outcome(entry));
        }
        return list;
    }

    private static SendOutcome outcome(JsonObject recipient) {
        int code;
        try {
            code = recipient.getInteger("statusCode", 0);
        } catch (RuntimeException e) {
            return new SendOutcome.MaybeSent("unreadable statusCode");
        }
        if (ACCEPTED.contains(code)) return new SendOutcome.Accepted(recipient.getString("messageId"));
        if (NOT_SENT.contains(code)) return new SendOutcome.NotReached("statusCode " + code);
        return new SendOutcome.Refused("statusCode " + code + " " + recipient.getString("status", ""), code == 406);
    }

    private static List<SendOutcome> all(List<String> phones, SendOutcome outcome) {
        List<SendOutcome> list = new ArrayList<>(phones.size());
        for (int i = 0; i < phones.size(); i++) list.add(outcome);
        return list;
    }

    /**
     * A number reduced to its digits, to match the answer's {@code number} with what was sent: the
     * gateway sends E.164 ({@code +85291234567}); the answer may write it with or without the
     * {@code +} or with spaces.
     */
    static String digits(String phone) {
        StringBuilder b = new StringBuilder(phone.length());
        for (int i = 0; i < phone.length(); i++) {
            char c = phone.charAt(i);
            if (c >= '0' && c <= '9') b.append(c);
        }
        return b.toString();
    }

}
