package org.timebank.gateway.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * Reads a JSON request body keeping every fractional number as a {@link BigDecimal} with the exact
 * digits sent ({@code 1.00000000000000001} stays that), so no amount passes through floating point
 * (ledger rule 1). Whole numbers come out as Integer or Long, as Vert.x gives them.
 */
final class ExactJson {
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final int MAX_DEPTH = 20;

    private ExactJson() {}

    static JsonObject object(String raw) {
        try (JsonParser p = FACTORY.createParser(raw)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw ApiError.badRequest("invalid_json", "The body must be a JSON object");
            JsonObject o = readObject(p, 0);
            if (p.nextToken() != null) throw ApiError.badRequest("invalid_json", "The body has more after its JSON object");
            return o;
        } catch (IOException e) {
            throw ApiError.badRequest("invalid_json", "The body is not valid JSON");
        }
    }

    private static JsonObject readObject(JsonParser p, int depth) throws IOException {
        if (depth > MAX_DEPTH) throw ApiError.badRequest("invalid_json", "The body is nested too deeply");
        JsonObject o = new JsonObject();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            o.put(name, value(p, depth));
        }
        return o;
    }

    private static Object value(JsonParser p, int depth) throws IOException {
        return switch (p.currentToken()) {
            case START_OBJECT -> readObject(p, depth + 1);
            case START_ARRAY -> {
                if (depth > MAX_DEPTH) throw ApiError.badRequest("invalid_json", "The body is nested too deeply");
                JsonArray a = new JsonArray();
                while (p.nextToken() != JsonToken.END_ARRAY) a.add(value(p, depth + 1));
                yield a;
            }
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT -> p.getNumberType() == JsonParser.NumberType.INT ? (Object) p.getIntValue()
                    : p.getNumberType() == JsonParser.NumberType.LONG ? (Object) p.getLongValue() : p.getDecimalValue();
            case VALUE_NUMBER_FLOAT -> new BigDecimal(p.getText());
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw ApiError.badRequest("invalid_json", "The body is not valid JSON");
        };
    }
}
