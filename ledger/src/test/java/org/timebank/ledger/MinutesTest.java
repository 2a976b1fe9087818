package org.timebank.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MinutesTest {
    @ParameterizedTest(name = "\"{0}\" hours -> {1} minutes, problem {2}")
    @CsvSource(nullValues = "none", value = {
            "1.5, 90, none", "2, 120, none", "0.25, 15, none", "'0,5', 30, none", "0.1, 6, none",
            "0.01, 0, NOT_WHOLE_MINUTES", "1.333, 0, NOT_WHOLE_MINUTES", "0, 0, NOT_POSITIVE",
            "-1, 0, NOT_POSITIVE", "abc, 0, NOT_A_NUMBER", "'', 0, NOT_A_NUMBER", "1e3, 0, NOT_A_NUMBER",
            "100001, 0, TOO_LARGE"})
    void readsHoursGivenAsText(String hours, long minutes, Minutes.Problem problem) {
        Minutes.Parsed p = Minutes.fromHours(hours);
        assertEquals(problem, p.problem());
        assertEquals(minutes, p.minutes());
    }

    @org.junit.jupiter.api.Test
    void readsHoursGivenAsJsonNumbers() {
        assertEquals(90, Minutes.fromHours(1.5).minutes());
        assertEquals(120, Minutes.fromHours(2).minutes());
        assertEquals(Minutes.Problem.NOT_WHOLE_MINUTES, Minutes.fromHours(0.001).problem());
        assertEquals(Minutes.Problem.MISSING, Minutes.fromHours(null).problem());
        assertEquals(Minutes.Problem.NOT_A_NUMBER, Minutes.fromHours(true).problem());
    }
}
