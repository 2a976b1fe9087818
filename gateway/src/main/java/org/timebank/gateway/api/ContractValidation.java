package org.timebank.gateway.api;

import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.RequestValidator;
import io.vertx.openapi.validation.impl.RequestParameterImpl;
import io.vertx.openapi.validation.impl.ValidatableRequestImpl;
import java.util.HashMap;
import java.util.Map;

/**
 * Checks every staff API request against the OpenAPI document ({@code /api/v1/openapi.yaml}) with
 * Vert.x's OpenAPI validator before the route runs: a body or parameter of the wrong shape is a 400
 * in http.md's error format. The document only fixes shapes and types; the routes still decide
 * what breaks a rule (422).
 */
final class ContractValidation {
    private final OpenAPIContract contract;
    private final RequestValidator validator;

    ContractValidation(Vertx vertx, OpenAPIContract contract) {
        this.contract = contract;
        this.validator = RequestValidator.create(vertx, contract);
    }

    OpenAPIContract contract() {
        return contract;
    }

    void handle(RoutingContext ctx) {
        String full = ctx.request().path();
        Operation op = find(full, ctx.request().method());
        if (op == null) {
            ctx.next();
            return;
        }
        Map<String, RequestParameter> query = new HashMap<>(), path = pathParams(op.getOpenAPIPath(), relative(full));
        ctx.queryParams().forEach(e -> query.putIfAbsent(e.getKey(), new RequestParameterImpl(e.getValue())));
        RequestParameter body = new RequestParameterImpl(null);
        String contentType = ctx.request().getHeader("Content-Type");
        String raw = ctx.body() == null ? null : ctx.body().asString();
        if (raw != null && !raw.isBlank()) {
            try {
                ExactJson.object(raw);
            } catch (ApiError e) {
                ctx.next(); // the route answers a body that is not a JSON object
                return;
            }
            body = new RequestParameterImpl(ctx.body().buffer());
            contentType = "application/json";
        } else if (op.getRequestBody() != null) {
            body = new RequestParameterImpl(io.vertx.core.buffer.Buffer.buffer("{}"));
            contentType = "application/json";
        }
        validator.validate(new ValidatableRequestImpl(Map.of(), Map.of(), path, query, body, contentType), op.getOperationId())
                .onSuccess(v -> ctx.next())
                .onFailure(e -> ctx.fail(ApiError.badRequest(e.getMessage() != null && e.getMessage().contains("required")
                        ? "missing_field" : "invalid_field", "The request does not match the API: " + shorten(e.getMessage()))));
    }

    private Operation find(String fullPath, io.vertx.core.http.HttpMethod method) {
        for (String p : new String[] {fullPath, relative(fullPath)}) {
            try {
                Operation op = contract.findOperation(p, method);
                if (op != null) return op;
            } catch (RuntimeException ignored) {
                // not this form of the path
            }
        }
        return null;
    }

    static String relative(String full) {
        return full.startsWith("/api/v1") ? full.substring("/api/v1".length()) : full;
    }

    /** Path parameters by matching the operation's template ({@code /members/{id}}) against the request path. */
    static Map<String, RequestParameter> pathParams(String template, String actual) {
        Map<String, RequestParameter> out = new HashMap<>();
        String[] t = template.split("/"), a = actual.split("/");
        for (int i = 0; i < Math.min(t.length, a.length); i++) {
            if (t[i].startsWith("{") && t[i].endsWith("}")) out.put(t[i].substring(1, t[i].length() - 1), new RequestParameterImpl(a[i]));
        }
        return out;
    }

    private static String shorten(String message) {
        if (message == null) return "invalid";
        return message.length() > 300 ? message.substring(0, 300) : message;
    }
}
