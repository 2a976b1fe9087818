package org.timebank.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A member's feature phone talking to the gateway the way Africa's Talking relays it: each hop is a
 * form POST with the session id and every input of the session so far joined by {@code *}.
 */
final class Phone {
    final String number;
    private final GatewayFixture gateway;
    private final String path;
    private String sessionId;
    private final List<String> inputs = new ArrayList<>();
    String last;

    Phone(GatewayFixture gateway, String number) {
        this(gateway, number, "/ussd/africastalking");
    }

    Phone(GatewayFixture gateway, String number, String path) {
        this.gateway = gateway;
        this.number = number;
        this.path = path;
    }

    /** Dials the service code: a new session. */
    String dial() {
        sessionId = "ATUid_" + UUID.randomUUID();
        inputs.clear();
        return post();
    }

    /** Dials the code with inputs appended ({@code *384*123*1*91234567*2#}): a new session whose first hop carries them. */
    String dialShortcut(String... shortcut) {
        sessionId = "ATUid_" + UUID.randomUUID();
        inputs.clear();
        inputs.addAll(List.of(shortcut));
        return post();
    }

    /** Types one answer. */
    String type(String input) {
        inputs.add(input);
        return post();
    }

    /** Types several answers one hop at a time; answers the last screen. */
    String typeAll(String... answers) {
        String screen = null;
        for (String a : answers) screen = type(a);
        return screen;
    }

    /** The provider repeats the last hop (same session, same inputs). */
    String repeat() {
        return post();
    }

    String sessionId() {
        return sessionId;
    }

    /** Moves this phone's next hops to another gateway instance sharing the database. */
    Phone on(GatewayFixture other) {
        Phone p = new Phone(other, number, path);
        p.sessionId = sessionId;
        p.inputs.addAll(inputs);
        return p;
    }

    JsonArray inbox() {
        return gateway.get("/simulator/inbox?phone=" + number.replace("+", "%2B"), null).array();
    }

    private String post() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("sessionId", sessionId);
        form.put("serviceCode", "*384*123#");
        form.put("phoneNumber", number);
        form.put("networkCode", "99999");
        form.put("text", String.join("*", inputs));
        GatewayFixture.Answer a = gateway.form(path, form);
        assertEquals(200, a.status(), a.body());
        last = a.body();
        return last;
    }
}
