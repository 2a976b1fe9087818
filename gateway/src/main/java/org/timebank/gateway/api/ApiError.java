package org.timebank.gateway.api;

import io.vertx.core.json.JsonObject;

/**
 * An expected refusal of an API call, answered as {@code {"error": {"code", "message"}}} with its
 * status. Messages never carry a PIN, a password or a token.
 */
public final class ApiError extends RuntimeException {
    private final int status;
    private final String code;

    public ApiError(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public JsonObject toJson() {
        return new JsonObject().put("error", new JsonObject().put("code", code).put("message", getMessage()));
    }

    public static ApiError badRequest(String code, String message) {
        return new ApiError(400, code, message);
    }

    public static ApiError unauthorized() {
        return new ApiError(401, "unauthorized", "Sign in first: POST /api/v1/session, then send Authorization: Bearer <token>");
    }

    public static ApiError forbidden(String message) {
        return new ApiError(403, "forbidden", message);
    }

    public static ApiError notFound(String what) {
        return new ApiError(404, "not_found", what + " not found");
    }

    public static ApiError conflict(String code, String message) {
        return new ApiError(409, code, message);
    }

    public static ApiError unprocessable(String code, String message) {
        return new ApiError(422, code, message);
    }
}
