package org.timebank.gateway.api;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.timebank.ledger.Minutes;

/**
 * Reads a JSON request body field by field. A missing required field or a field of the wrong type
 * is a 400; a well-typed value that breaks a rule (negative hours) is a 422.
 */
final class Body {
    private final JsonObject json;

    private Body(JsonObject json) {
        this.json = json;
    }

    static Body of(RoutingContext ctx) {
        String raw = ctx.body() == null ? null : ctx.body().asString();
        if (raw == null || raw.isBlank()) return new Body(new JsonObject());
        return new Body(ExactJson.object(raw));
    }

    boolean has(String field) {
        return json.containsKey(field) && json.getValue(field) != null;
    }

    boolean present(String field) {
        return json.containsKey(field);
    }

    String text(String field, int maxLength) {
        String v = optionalText(field, maxLength);
        if (v == null) throw ApiError.badRequest("missing_field", "'" + field + "' is required");
        return v;
    }

    String optionalText(String field, int maxLength) {
        if (!has(field)) return null;
        Object v = json.getValue(field);
        if (!(v instanceof String s)) throw ApiError.badRequest("invalid_field", "'" + field + "' must be a string");
        String t = s.trim();
        if (t.isEmpty()) return null;
        if (t.chars().anyMatch(ch -> ch < 0x20 && ch != '\n' || ch == 0x7f)) {
            throw ApiError.badRequest("invalid_field", "'" + field + "' has control characters");
        }
        if (t.length() > maxLength) throw ApiError.badRequest("invalid_field", "'" + field + "' is longer than " + maxLength + " characters");
        return t;
    }

    Long optionalLong(String field) {
        if (!has(field)) return null;
        Object v = json.getValue(field);
        if (v instanceof Integer || v instanceof Long) return ((Number) v).longValue();
        if (v instanceof String s && s.trim().matches("[0-9]{1,18}")) return Long.parseLong(s.trim());
        throw ApiError.badRequest("invalid_field", "'" + field + "' must be a whole number");
    }

    /** Hours as whole minutes, required and positive. */
    long hours(String field) {
        if (!has(field)) throw ApiError.badRequest("missing_field", "'" + field + "' is required");
        return minutesOrNull(field);
    }

    /** Hours as whole minutes, or null when absent or null; zero allowed for settings. */
    Long optionalHoursSetting(String field) {
        if (!has(field)) return null;
        Object v = json.getValue(field);
        if (v instanceof java.math.BigDecimal n && n.signum() == 0) return 0L;
        if ((v instanceof Integer || v instanceof Long) && ((Number) v).longValue() == 0) return 0L;
        if (v instanceof String s && s.trim().matches("0+([.,]0*)?")) return 0L;
        return minutesOrNull(field);
    }

    private long minutesOrNull(String field) {
        Object v = json.getValue(field);
        if (!(v instanceof Number) && !(v instanceof String)) {
            throw ApiError.badRequest("invalid_field", "'" + field + "' must be a number of hours, e.g. 1.5");
        }
        Minutes.Parsed p = Minutes.fromHours(v);
        return switch (p.problem() == null ? "ok" : p.problem().name()) {
            case "ok" -> p.minutes();
            case "NOT_A_NUMBER" -> throw ApiError.badRequest("invalid_field", "'" + field + "' must be a number of hours, e.g. 1.5");
            case "NOT_POSITIVE" -> throw ApiError.unprocessable("hours_not_positive", "'" + field + "' must be more than 0");
            case "NOT_WHOLE_MINUTES" -> throw ApiError.unprocessable("hours_not_whole_minutes", "'" + field + "' must be whole minutes (e.g. 1.5, 0.25)");
            default -> throw ApiError.unprocessable("hours_too_large", "'" + field + "' is larger than the ledger accepts");
        };
    }

    Integer optionalInt(String field) {
        if (has(field) && json.getValue(field) instanceof Number n && n.toString().startsWith("-")) {
            throw ApiError.unprocessable("negative_number", "'" + field + "' must not be negative");
        }
        Long v = optionalLong(field);
        if (v == null) return null;
        if (v > Integer.MAX_VALUE) throw ApiError.badRequest("invalid_field", "'" + field + "' is too large");
        return v.intValue();
    }

    JsonObject object(String field) {
        if (!has(field)) return null;
        Object v = json.getValue(field);
        if (!(v instanceof JsonObject o)) throw ApiError.badRequest("invalid_field", "'" + field + "' must be an object");
        return o;
    }

    Object raw(String field) {
        return json.getValue(field);
    }

    static Body wrap(JsonObject o) {
        return new Body(o);
    }
}
