package org.timebank.sms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class SegmentsTest {

    @ParameterizedTest(name = "{0} x \"{1}\" -> {2} segment(s)")
    @CsvSource({
            "0,   a,  0",
            "1,   a,  1",
            "160, a,  1",
            "161, a,  2",
            "306, a,  2",
            "307, a,  3",
            "459, a,  3",
            "460, a,  4",
            "80,  €,  1",
            "81,  €,  2",
            "1,   中, 1",
            "70,  中, 1",
            "71,  中, 2",
            "134, 中, 2",
            "135, 中, 3",
            "201, 中, 3",
            "202, 中, 4",
            "35,  😀, 1",
            "36,  😀, 2",
    })
    void atTheBoundaries(int times, String unit, int segments) {
        assertEquals(segments, Segments.count(unit.repeat(times)));
    }

    static Stream<Arguments> pairsAreNeverSplit() {
        return Stream.of(
                Arguments.of("152 a + € + 7 a (161 septets)", "a".repeat(152) + "€" + "a".repeat(7), 2),
                Arguments.of("152 a + € + 152 a: € opens part 2, last a spills to part 3",
                        "a".repeat(152) + "€" + "a".repeat(152), 3),
                Arguments.of("151 a + € + 153 a: € fits part 1 exactly",
                        "a".repeat(151) + "€" + "a".repeat(153), 2),
                Arguments.of("153 € (306 septets, 76 per part)", "€".repeat(153), 3),
                Arguments.of("66 中 + 😀 + 66 中: emoji opens part 2", "中".repeat(66) + "😀" + "中".repeat(66), 3),
                Arguments.of("65 中 + 😀 + 67 中: emoji fits part 1 exactly", "中".repeat(65) + "😀" + "中".repeat(67), 2),
                Arguments.of("67 😀 (134 units, 33 per part)", "😀".repeat(67), 3));
    }

    @ParameterizedTest(name = "{0} -> {2} segments")
    @MethodSource
    void pairsAreNeverSplit(String description, String text, int segments) {
        assertEquals(segments, Segments.count(text));
    }

    @ParameterizedTest(name = "\"{0}\" -> {1}, {2} units, {3} segment(s)")
    @CsvSource({
            "'',              GSM_7, 0, 0",
            "'Salio: 1.5h',   GSM_7, 11, 1",
            "'5€',            GSM_7, 3, 1",
            "'餘額：1.5h',    UCS_2, 7, 1",
            "'Hi 😀',         UCS_2, 5, 1",
    })
    void shape(String text, Encoding encoding, int units, int segments) {
        assertEquals(new Segments.SmsShape(encoding, units, segments), Segments.shape(text));
    }

    @Test
    void shapeOfALongText() {
        assertEquals(new Segments.SmsShape(Encoding.UCS_2, 135, 3), Segments.shape("中".repeat(135)));
        assertEquals(new Segments.SmsShape(Encoding.GSM_7, 162, 2), Segments.shape("€".repeat(81)));
    }
}
