package org.timebank.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PinPolicyTest {
    @ParameterizedTest(name = "{0} for +85291234567 -> {1}")
    @CsvSource(nullValues = "ok", value = {
            "0000, REPEATED", "1111, REPEATED", "1234, SEQUENCE", "4321, SEQUENCE", "7890, SEQUENCE",
            "9876, SEQUENCE", "1212, PATTERN", "2580, PATTERN", "4567, SEQUENCE", "8567, ok",
            "123, NOT_FOUR_DIGITS", "12345, NOT_FOUR_DIGITS", "12a4, NOT_FOUR_DIGITS", "2468, ok", "3579, ok",
            "1357, ok", "9052, ok"})
    void weakness(String pin, PinPolicy.Weakness expected) {
        assertEquals(Optional.ofNullable(expected), PinPolicy.weakness(pin, "+85291234567"));
    }

    @ParameterizedTest
    @CsvSource({"+85291238567, 8567", "+254712349052, 9052"})
    void theLastFourDigitsOfTheOwnPhoneAreRefused(String phone, String pin) {
        assertEquals(Optional.of(PinPolicy.Weakness.OWN_PHONE), PinPolicy.weakness(pin, phone));
    }
}
