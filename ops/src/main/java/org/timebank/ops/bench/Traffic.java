package org.timebank.ops.bench;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.HdrHistogram.Recorder;

/**
 * What the benchmark sends, in the providers' wire formats: Africa's Talking USSD hops (the
 * accumulated {@code text}, {@code sessionId}, {@code phoneNumber}…) and Africa's Talking inbound
 * SMS, each form-encoded POST timed into a {@link Recorder}; and the staff JSON API.
 */
final class Traffic {
    static final String SERVICE_CODE = "*384*123#";
    private final HttpClient http;
    private final int port;
    private final String tokenQuery;
    /** While set ({@code --trace}: from a scenario's closed loop to the end of its open loop at half), every hop is also written to it. */
    volatile OpenLoopTrace trace;

    Traffic(HttpClient http, int port, String callbackToken) {
        this.http = http;
        this.port = port;
        this.tokenQuery = callbackToken == null ? "" : "?token=" + enc(callbackToken);
    }

    /**
     * One USSD session: a hop per input (the first is the dial, {@code ""}); fails on anything but
     * {@code CON}/{@code END} or on the gateway's error screen. The first hop is timed from {@code
     * intendedStart}, the others from when they are sent (a phone sends the next only after the answer).
     */
    Future<Integer> ussd(String session, String phone, List<String> inputs, long intendedStart, Recorder rec) {
        return ussd(session, phone, inputs, null, intendedStart, rec);
    }

    /** The same, failing unless the last screen starts with {@code lastScreen} (when given). */
    Future<Integer> ussd(String session, String phone, List<String> inputs, String lastScreen, long intendedStart, Recorder rec) {
        Future<Integer> chain = Future.succeededFuture(0);
        List<String> typed = new ArrayList<>();
        for (String in : inputs) {
            if (!in.isEmpty()) typed.add(in);
            String text = String.join("*", typed);
            chain = chain.compose(n -> post("/ussd/africastalking" + tokenQuery, "sessionId=" + enc(session) + "&serviceCode=" + enc(SERVICE_CODE)
                    + "&phoneNumber=" + enc(phone) + "&networkCode=99999&text=" + enc(text), n == 0 ? intendedStart : System.nanoTime(), rec, n)
                    .compose(body -> {
                        if (!body.startsWith("CON ") && !body.startsWith("END ")) return Future.failedFuture("not a screen: " + body);
                        if (body.startsWith("END Sorry")) return Future.failedFuture(body);
                        boolean last = n + 1 == inputs.size();
                        if (last && lastScreen != null && !body.startsWith(lastScreen)) {
                            return Future.failedFuture("expected '" + lastScreen + "…', got: " + body);
                        }
                        return Future.succeededFuture(n + 1);
                    }));
        }
        return chain;
    }

    /**
     * A session id as Africa's Talking spells them ({@code ATUid_} and 32 hex digits), the same for the
     * same key. Spread like theirs: ids counted up in order would all land on the last page of the
     * sessions' index, a contention no real traffic has.
     */
    static String atSessionId(String key) {
        return "ATUid_" + UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString().replace("-", "");
    }

    String tokenQuery() {
        return tokenQuery;
    }

    /** One inbound SMS as Africa's Talking posts it. */
    Future<Integer> sms(String from, String text, long sentAt, Recorder rec) {
        return post("/sms/africastalking/inbound" + tokenQuery, "from=" + enc(from) + "&to=21512&text=" + enc(text) + "&id=" + UUID.randomUUID()
                + "&date=2026-11-23T06:04:45Z&linkId=&networkCode=99999", sentAt, rec, text.startsWith("SEND") ? 0 : 1).map(1);
    }

    /** A form POST timed from {@code since}; {@code hop} is which hop of its unit it is (for the trace). */
    Future<String> post(String path, String form, long since, Recorder rec, int hop) {
        return http.request(options(HttpMethod.POST, path))
                .compose(req -> req.putHeader("Content-Type", "application/x-www-form-urlencoded").send(Buffer.buffer(form)))
                .compose(resp -> resp.body().map(b -> {
                    long now = System.nanoTime();
                    if (rec != null) rec.recordValue(Math.max(1, (now - since) / 1_000));
                    OpenLoopTrace t = trace;
                    if (t != null) t.hop(since, now, hop);
                    if (resp.statusCode() != 200) throw new IllegalStateException("HTTP " + resp.statusCode() + " " + b);
                    return b.toString();
                }));
    }

    /** A staff API call; answers the JSON body, failing on a status other than {@code expect}. */
    Future<JsonObject> api(HttpMethod method, String path, String token, JsonObject body, int expect) {
        return http.request(options(method, path)).compose(req -> {
            req.putHeader("Content-Type", "application/json").putHeader("Accept", "application/json");
            if (token != null) req.putHeader("Authorization", "Bearer " + token);
            return body == null ? req.send() : req.send(body.toBuffer());
        }).compose(resp -> resp.body().map(b -> {
            if (resp.statusCode() != expect) throw new IllegalStateException(method + " " + path + ": HTTP " + resp.statusCode() + " " + b);
            return b.length() == 0 ? new JsonObject() : new JsonObject(b);
        }));
    }

    /**
     * Every request gives up after 30 s without an answer, or without a connection from the client's
     * pool, so a stuck request cannot hang a run.
     */
    private io.vertx.core.http.RequestOptions options(HttpMethod method, String path) {
        return new io.vertx.core.http.RequestOptions().setMethod(method).setHost("localhost").setPort(port).setURI(path)
                .setIdleTimeout(30_000).setConnectTimeout(30_000);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
