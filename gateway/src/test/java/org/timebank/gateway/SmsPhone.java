package org.timebank.gateway;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** A member texting the gateway through Africa's Talking or Twilio, in each provider's webhook format. */
final class SmsPhone {
    final String number;
    private final GatewayFixture gateway;
    String lastId;

    SmsPhone(GatewayFixture gateway, String number) {
        this.gateway = gateway;
        this.number = number;
    }

    /** Africa's Talking inbound SMS: form fields from, to, text, id, date, linkId, networkCode. */
    GatewayFixture.Answer viaAfricasTalking(String text, String token) {
        lastId = UUID.randomUUID().toString();
        return africasTalkingAgain(text, token);
    }

    /** The same message delivered again (same id). */
    GatewayFixture.Answer africasTalkingAgain(String text, String token) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("linkId", "03090445075804249226");
        form.put("text", text);
        form.put("to", "21512");
        form.put("id", lastId);
        form.put("date", "2026-11-23T06:04:45Z");
        form.put("from", number);
        form.put("networkCode", "63902");
        return gateway.form("/sms/africastalking/inbound?token=" + token, form);
    }

    /** Twilio inbound SMS, signed with {@code authToken} over {@code publicBase + path} as Twilio signs. */
    GatewayFixture.Answer viaTwilio(String text, String authToken, String publicBase) {
        lastId = "SM" + UUID.randomUUID().toString().replace("-", "");
        return twilioForm("/sms/twilio/inbound", twilioInbound(text), authToken, publicBase, null);
    }

    Map<String, String> twilioInbound(String text) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("MessageSid", lastId);
        form.put("SmsSid", lastId);
        form.put("SmsMessageSid", lastId);
        form.put("AccountSid", FakeProviders.TWILIO_SID);
        form.put("From", number);
        form.put("To", "+15005550006");
        form.put("Body", text);
        form.put("NumMedia", "0");
        form.put("NumSegments", "1");
        form.put("SmsStatus", "received");
        form.put("ApiVersion", "2010-04-01");
        return form;
    }

    GatewayFixture.Answer twilioForm(String path, Map<String, String> form, String authToken, String publicBase, String forcedSignature) {
        String signature = forcedSignature != null ? forcedSignature : sign(authToken, publicBase + path, form);
        return gateway.formWithHeader(path, form, "X-Twilio-Signature", signature);
    }

    /** Twilio's algorithm: base64(HMAC-SHA1(authToken, url + sorted name+value pairs)). */
    static String sign(String authToken, String url, Map<String, String> form) {
        StringBuilder data = new StringBuilder(url);
        new TreeMap<>(form).forEach((k, v) -> data.append(k).append(v));
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
