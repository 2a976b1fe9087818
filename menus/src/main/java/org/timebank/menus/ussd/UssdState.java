package org.timebank.menus.ussd;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a USSD session is: the screen, the page of a list, what the member entered so far (never a
 * PIN: a new PIN is held only as its peppered hash), the screens to go back to, and the language.
 * Immutable; stored as JSON between hops.
 */
public record UssdState(Screen screen, int page, Map<String, String> data, List<String> back, String language) {
    public UssdState {
        data = Map.copyOf(data);
        back = List.copyOf(back);
    }

    public static UssdState at(Screen screen, String language) {
        return new UssdState(screen, 0, Map.of(), List.of(), language);
    }

    public String get(String key) {
        return data.get(key);
    }

    public long getLong(String key) {
        return Long.parseLong(data.get(key));
    }

    /** Moves forward to a screen, remembering this one for Back. */
    public UssdState forward(Screen next) {
        List<String> stack = new ArrayList<>(back);
        stack.add(screen.name() + ":" + page);
        return new UssdState(next, 0, data, stack.size() > 20 ? stack.subList(stack.size() - 20, stack.size()) : stack, language);
    }

    /** The previous screen, or this one when there is nothing to go back to. */
    public UssdState backward() {
        if (back.isEmpty()) return this;
        String[] top = back.get(back.size() - 1).split(":");
        return new UssdState(Screen.valueOf(top[0]), Integer.parseInt(top[1]), data, back.subList(0, back.size() - 1), language);
    }

    /** A fresh start on a screen: nothing entered, nothing to go back to. */
    public UssdState home(Screen home) {
        return new UssdState(home, 0, Map.of(), List.of(), language);
    }

    public UssdState with(String key, String value) {
        Map<String, String> d = new HashMap<>(data);
        if (value == null) d.remove(key);
        else d.put(key, value);
        return new UssdState(screen, page, d, back, language);
    }

    public UssdState withPage(int p) {
        return new UssdState(screen, p, data, back, language);
    }

    public UssdState withLanguage(String lang) {
        return new UssdState(screen, page, data, back, lang);
    }

    public UssdState onScreen(Screen s) {
        return new UssdState(s, 0, data, back, language);
    }

    public JsonObject toJson() {
        return new JsonObject().put("screen", screen.name()).put("page", page).put("language", language)
                .put("data", new JsonObject(new HashMap<>(data))).put("back", new JsonArray(new ArrayList<>(back)));
    }

    public static UssdState fromJson(JsonObject j) {
        Map<String, String> d = new HashMap<>();
        j.getJsonObject("data").forEach(e -> d.put(e.getKey(), String.valueOf(e.getValue())));
        List<String> b = new ArrayList<>();
        j.getJsonArray("back").forEach(o -> b.add(String.valueOf(o)));
        return new UssdState(Screen.valueOf(j.getString("screen")), j.getInteger("page"), d, b, j.getString("language"));
    }
}
