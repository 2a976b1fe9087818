package org.timebank.gateway.sms;

import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import com.twilio.http.HttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.type.PhoneNumber;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * Twilio through {@code com.twilio.sdk:twilio}, one message per API call (Twilio has no
 * multi-recipient send, so {@link #sendMany} is the default: every message at once). Its calls
 * block, so they run on a worker executor of their own ({@link #THREADS} threads): enough calls in
 * flight for about a thousand messages a second to a fast API, without taking the default worker
 * pool from other blocking work (password hashing, the embedded database); its own retries are off (the gateway's policy is the only one); requests go to
 * {@code TWILIO_API_BASE}, so tests point it at a local fake. Error 21610 means the member replied
 * STOP at the carrier: recorded as an opt-out and never retried.
 */
public final class TwilioSender implements SmsSender {
    /** Calls to Twilio in flight at most. */
    static final int THREADS = 32;
    private final WorkerExecutor workers;
    private final TwilioRestClient client;
    private final PhoneNumber from;
    private final URI statusCallback;

    /** Eight calls' worth per thread a claim: the threads stay busy, and a broadcast's heap stays flat. */
    @Override
    public int maxClaim() {
        return THREADS * 8;
    }

    public TwilioSender(Vertx vertx, String apiBase, String accountSid, String authToken, String from, String publicBaseUrl) {
        this.workers = vertx.createSharedWorkerExecutor("twilio-send", THREADS);
        this.client = new TwilioRestClient.Builder(accountSid, authToken).httpClient(new OneShotClient(apiBase)).build();
        this.from = new PhoneNumber(from);
        this.statusCallback = URI.create(publicBaseUrl + "/sms/twilio/status");
    }

    @Override
    public String name() {
        return "twilio";
    }

    @Override
    public Future<SendOutcome> send(String toPhone, String body) {
        return workers.executeBlocking(() -> {
            try {
                Message m = Message.creator(new PhoneNumber(toPhone), from, body).setStatusCallback(statusCallback).create(client);
                return (SendOutcome) new SendOutcome.Accepted(m.getSid());
            } catch (ApiConnectionException e) {
                return SmsSender.connectionRefused(e) ? new SendOutcome.NotReached("connection refused") : new SendOutcome.MaybeSent("no answer");
            } catch (ApiException e) {
                int status = e.getStatusCode() == null ? 0 : e.getStatusCode();
                int code = e.getCode() == null ? 0 : e.getCode();
                if (status == 429 || code == 20429) return new SendOutcome.NotReached("HTTP 429");
                if (status >= 500 || status == 0) return new SendOutcome.MaybeSent("HTTP " + status);
                return new SendOutcome.Refused("Twilio " + code, code == 21610);
            }
        }, false);
    }

    /**
     * The SDK's HTTP client, sending each request once to the configured base (no retry on 5xx: a
     * POST that failed with 5xx may have created the message).
     */
    static final class OneShotClient extends HttpClient {
        private final String base;
        private final java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        OneShotClient(String base) {
            this.base = base;
        }

        @Override
        protected boolean shouldRetry(Response response, int[] retryCodes) {
            return false;
        }

        @Override
        public Response makeRequest(Request request) {
            String path = request.constructURL().getFile();
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(15))
                    .header("Authorization", request.getAuthString()).header("Accept", "application/json");
            String method = request.getMethod().toString();
            if ("POST".equals(method)) {
                b.header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(request.encodeFormBody()));
            } else {
                b.method(method, HttpRequest.BodyPublishers.noBody());
            }
            try {
                HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
                return new Response(r.body(), r.statusCode());
            } catch (HttpTimeoutException e) {
                throw new ApiConnectionException("timeout", e);
            } catch (java.io.IOException e) {
                throw new ApiConnectionException("connection failed", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApiConnectionException("interrupted", e);
            }
        }
    }
}
