package org.timebank.gateway;

import static org.junit.jupiter.api.Assertions.*;

import io.vertx.core.json.JsonObject;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.timebank.gateway.GatewayFixture.Answer;

/**
 * Bad input to every staff endpoint gets a 4xx JSON error of http.md's shape and changes nothing:
 * the counts of members, transfers, orgs, funds, staff and outbox rows are the same after each case.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {
    GatewayFixture f;
    String admin;
    long member;
    String reference;
    static final String BIG = "{\"name\": \"" + "x".repeat(70_000) + "\"}";

    @BeforeAll
    void start() throws Exception {
        f = new GatewayFixture();
        admin = f.admin();
        f.post("/api/v1/orgs", admin, new JsonObject().put("code", "KLN").put("name", "Kowloon Care").put("district", "Kowloon City"));
        f.post("/api/v1/funds", admin, new JsonObject().put("code", "KLN-FUND").put("name", "Fund").put("org", "KLN"));
        member = f.post("/api/v1/members", admin, new JsonObject().put("phone", "91230001").put("name", "Ann Wong").put("org", "KLN"))
                .json().getLong("id");
        reference = f.post("/api/v1/credits", admin, new JsonObject().put("memberId", member).put("hours", 1)).json().getString("reference");
    }

    @AfterAll
    void stop() {
        f.close();
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // endpoint, body, status, error code
                Arguments.of("/api/v1/session", "{}", 400, "missing_field"),
                Arguments.of("/api/v1/session", "{\"username\": 5, \"password\": \"x\"}", 400, "invalid_field"),
                Arguments.of("/api/v1/members", "{\"name\": \"Ann\", \"org\": \"KLN\"}", 400, "missing_field"),
                Arguments.of("/api/v1/members", "{\"phone\": 91230002, \"name\": \"Ann\", \"org\": \"KLN\"}", 400, "invalid_field"),
                Arguments.of("/api/v1/members", "{\"phone\": \"12\", \"name\": \"Ann\", \"org\": \"KLN\"}", 422, "invalid_phone"),
                Arguments.of("/api/v1/members", "{\"phone\": \"91230002\", \"name\": \"A\", \"org\": \"KLN\"}", 422, "invalid_name"),
                Arguments.of("/api/v1/members", "{\"phone\": \"91230002\", \"name\": \"Ann\", \"org\": \"NOPE\"}", 422, "unknown_org"),
                Arguments.of("/api/v1/members", "{\"phone\": \"91230002\", \"name\": \"Ann\", \"org\": \"KLN\", \"language\": \"fr\"}", 422, "invalid_language"),
                Arguments.of("/api/v1/members", "{\"phone\": \"91230001\", \"name\": \"Ann\", \"org\": \"KLN\"}", 409, "phone_taken"),
                Arguments.of("/api/v1/members", "not json", 400, "invalid_json"),
                Arguments.of("/api/v1/members", "[1, 2]", 400, "invalid_json"),
                Arguments.of("/api/v1/members", BIG, 400, "body_too_large"),
                Arguments.of("/api/v1/credits", "{\"memberId\": 1}", 400, "missing_field"),
                Arguments.of("/api/v1/credits", "{\"hours\": 1}", 400, "missing_field"),
                Arguments.of("/api/v1/credits", "{\"memberId\": 1, \"hours\": true}", 400, "invalid_field"),
                Arguments.of("/api/v1/credits", "{\"memberId\": 1, \"hours\": \"lots\"}", 400, "invalid_field"),
                Arguments.of("/api/v1/credits", "{\"memberId\": \"one\", \"hours\": 1}", 400, "invalid_field"),
                Arguments.of("/api/v1/credits", "{\"memberId\": 1, \"hours\": -1}", 422, "hours_not_positive"),
                Arguments.of("/api/v1/credits", "{\"memberId\": 1, \"hours\": 0}", 422, "hours_not_positive"),
                Arguments.of("/api/v1/credits", "{\"memberId\": 1, \"hours\": 0.001}", 422, "hours_not_whole_minutes"),
                Arguments.of("/api/v1/credits", "{\"memberId\": 1, \"hours\": \"1.333\"}", 422, "hours_not_whole_minutes"),
                Arguments.of("/api/v1/credits", "{\"memberId\": 999999, \"hours\": 1}", 422, "unknown_member"),
                Arguments.of("/api/v1/credits", "{\"phone\": \"91239999\", \"hours\": 1}", 422, "unknown_member"),
                Arguments.of("/api/v1/credits", "{\"memberId\": 1, \"hours\": 1, \"category\": \"nope\"}", 422, "unknown_category"),
                Arguments.of("/api/v1/credits", "{\"memberId\": 1, \"hours\": 1e9}", 422, "hours_too_large"),
                Arguments.of("/api/v1/credits", BIG, 400, "body_too_large"),
                Arguments.of("/api/v1/credits", "{\"memberId\": 1, \"hours\": 1.00000000000000001}", 422, "hours_not_whole_minutes"),
                Arguments.of("/api/v1/credits", "{\"memberId\": 1, \"hours\": 1, \"memo\": \"a\\u0000b\"}", 400, "invalid_field"),
                Arguments.of("/api/v1/members", "{\"phone\": \"91230002\", \"name\": \"A\\u0000n\", \"org\": \"KLN\"}", 400, "invalid_field"),
                Arguments.of("/api/v1/orgs", "{\"code\": \"NEW\", \"name\": \"x\", \"district\": \"y\", \"creditLimitHours\": 1e400}", 422, "hours_too_large"),
                Arguments.of("/api/v1/orgs", "{\"code\": \"NEW\", \"name\": \"x\", \"district\": \"y\", \"smsBudgetPerMonth\": -5}", 422, "negative_number"),
                Arguments.of("/api/v1/transfers/A%00B/reversal", "{\"reason\": \"x\"}", 404, "not_found"),
                Arguments.of("/api/v1/orgs", "{\"code\": \"KLN\"}", 400, "missing_field"),
                Arguments.of("/api/v1/orgs", "{\"code\": \"kl n\", \"name\": \"x\", \"district\": \"y\"}", 422, "invalid_code"),
                Arguments.of("/api/v1/orgs", "{\"code\": \"KLN\", \"name\": \"x\", \"district\": \"y\"}", 409, "org_exists"),
                Arguments.of("/api/v1/orgs", "{\"code\": \"NEW\", \"name\": \"x\", \"district\": \"y\", \"creditLimitHours\": -2}", 422, "hours_not_positive"),
                Arguments.of("/api/v1/orgs", "{\"code\": \"NEW\", \"name\": \"x\", \"district\": \"y\", \"sendWindow\": {\"start\": \"25:00\", \"end\": \"08:00\"}}", 400, "invalid_field"),
                Arguments.of("/api/v1/categories", "{\"code\": \"meals\"}", 400, "missing_field"),
                Arguments.of("/api/v1/categories", "{\"code\": \"meals\", \"names\": {\"en\": \"Meals\"}}", 400, "missing_field"),
                Arguments.of("/api/v1/staff", "{\"username\": \"bob\", \"password\": \"short\", \"role\": \"agent\", \"org\": \"KLN\"}", 422, "weak_password"),
                Arguments.of("/api/v1/staff", "{\"username\": \"bob\", \"password\": \"a-long-password\", \"role\": \"boss\", \"org\": \"KLN\"}", 422, "invalid_role"),
                Arguments.of("/api/v1/staff", "{\"username\": \"bob\", \"password\": \"a-long-password\", \"role\": \"agent\"}", 400, "missing_field"),
                Arguments.of("/api/v1/staff", "{\"username\": \"bob\", \"password\": \"a-long-password\", \"role\": \"agent\", \"org\": \"NOPE\"}", 422, "unknown_org"),
                Arguments.of("/api/v1/funds", "{\"code\": \"F1\"}", 400, "missing_field"),
                Arguments.of("/api/v1/funds", "{\"code\": \"F1\", \"name\": \"Fund\", \"org\": \"NOPE\"}", 422, "unknown_org"),
                Arguments.of("/api/v1/funds/KLN-FUND/grants", "{\"memberId\": 1, \"hours\": -3}", 422, "hours_not_positive"),
                Arguments.of("/api/v1/funds/NOPE/grants", "{\"memberId\": 1, \"hours\": 1}", 404, "not_found"),
                Arguments.of("/api/v1/transfers/NOPE00/reversal", "{\"reason\": \"x\"}", 404, "not_found"),
                Arguments.of("/api/v1/transfers/REF/reversal", "{}", 400, "missing_field"),
                Arguments.of("/api/v1/members/999999/pin-reset", "{}", 404, "not_found"),
                Arguments.of("/api/v1/members/abc/suspend", "{}", 404, "not_found"),
                Arguments.of("/api/v1/members/1/erasure", "{}", 400, "missing_field"),
                Arguments.of("/api/v1/no-such-endpoint", "{}", 404, "not_found"));
    }

    @ParameterizedTest(name = "POST {0} {1} -> {2} {3}")
    @MethodSource("cases")
    void badInputGetsAJsonErrorAndChangesNothing(String path, String body, int status, String code) {
        String before = snapshot();
        Answer a = f.post(path.replace("REF", reference), admin, body.replace("\"memberId\": 1,", "\"memberId\": " + member + ","));
        assertEquals(status, a.status(), a.body());
        assertEquals(code, a.errorCode(), a.body());
        assertNotNull(a.json().getJsonObject("error").getString("message"));
        assertEquals(before, snapshot(), "nothing changed");
    }

    private String snapshot() {
        return String.join(",", Stream.of("members", "transfers", "orgs", "funds", "staff_users", "outbox", "categories", "accounts")
                .map(t -> t + "=" + f.count("SELECT count(*) FROM " + t)).toList())
                + ",balances=" + f.count("SELECT COALESCE(sum(abs(balance_minutes)), 0) FROM accounts");
    }
}
