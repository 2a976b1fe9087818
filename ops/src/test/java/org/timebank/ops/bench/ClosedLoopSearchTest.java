package org.timebank.ops.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClosedLoopSearchTest {

    /** Throughput by concurrency (a table of a machine), the levels run and the maximum found. */
    @ParameterizedTest(name = "{0} -> runs {1}, best at {2}")
    @CsvSource(delimiter = '|', value = {
            // rising by more than 5 % each time: every level runs, the last is best
            "128:780 256:1134 512:1300 | 128 256 512 | 512",
            // 256 rose, so 512 runs; whichever of all is highest is the maximum
            "128:780 256:1134 512:1150 | 128 256 512 | 512",
            "128:780 256:1134 512:1000 | 128 256 512 | 256",
            // 256 gains under 5 %: the search stops there; the better of the two is the maximum
            "128:1000 256:1040 512:5000 | 128 256 | 256",
            "128:1000 256:900 512:5000 | 128 256 | 128",
            // exactly 5 % counts as rising
            "128:1000 256:1050 512:1060 | 128 256 512 | 512",
    })
    void runsLevelsWhileThroughputRises(String machine, String expectedRun, int expectedBest) throws Exception {
        Map<Integer, Double> perSecond = new java.util.HashMap<>();
        for (String pair : machine.split(" ")) {
            String[] kv = pair.split(":");
            perSecond.put(Integer.parseInt(kv[0]), Double.parseDouble(kv[1]));
        }
        List<Integer> ran = new ArrayList<>();
        var tried = ClosedLoopSearch.search(ClosedLoopSearch.LEVELS, c -> {
            ran.add(c);
            return perSecond.get(c);
        }, Double::doubleValue);

        List<Integer> expected = new ArrayList<>();
        for (String c : expectedRun.split(" ")) expected.add(Integer.parseInt(c));
        assertEquals(expected, ran);
        assertEquals(expected.size(), tried.size());
        assertEquals(expectedBest, ClosedLoopSearch.best(tried).concurrency());
    }
}
