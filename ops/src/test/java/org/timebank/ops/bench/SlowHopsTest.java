package org.timebank.ops.bench;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlowHopsTest {
    /** 1,000 hops of 5 ms, one started every millisecond, with the slow ones given. */
    private static List<SlowHops.Hop> hops(Map<Integer, Double> slowAt) {
        List<SlowHops.Hop> hops = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) hops.add(new SlowHops.Hop(i, slowAt.getOrDefault(i, 5.0), i % 2));
        return hops;
    }

    @Test
    void theSlowHopsAreGroupedByTheHundredMillisecondsTheyStartedInWithWhatOverlappedThem() {
        // a cluster of 8 slow hops at 300–307 ms under a 40 ms collection, 2 more at 720 ms with backends waiting on the log
        Map<Integer, Double> slow = new java.util.HashMap<>();
        for (int i = 300; i < 308; i++) slow.put(i, 60.0);
        slow.put(720, 45.0);
        slow.put(721, 44.0);
        List<SlowHops.Pause> pauses = List.of(new SlowHops.Pause(310, 40, "G1 Young Generation (G1 Evacuation Pause)"),
                new SlowHops.Pause(5_000, 30, "after the loop"));
        List<SlowHops.Busy> busy = List.of(new SlowHops.Busy(725, "client backend", "LWLock:WALWrite", 5),
                new SlowHops.Busy(730, "client backend", "LWLock:WALWrite", 3), new SlowHops.Busy(730, "walwriter", "IO:WalSync", 1),
                new SlowHops.Busy(900, "client backend", "Lock:transactionid", 7));
        // every 25 ms, PostgreSQL used a core and waited for one for 5 ms; from 700 ms on it waited 20
        List<SchedTrace.Sample> cpu = new ArrayList<>();
        for (int at = 25; at <= 1_100; at += 25) {
            cpu.add(new SchedTrace.Sample(at, at == 750 ? 12 : 0, Map.of("postgres", new double[] {25, at > 700 ? 20 : 5})));
        }

        SlowHops.Summary s = SlowHops.summarize(hops(slow), pauses, busy, cpu);

        assertEquals(1_000, s.hops());
        assertEquals(44.0, s.slowFromMs()); // the slowest 10 of 1,000
        assertEquals(10, s.slowHops());
        assertEquals(8, s.slowHopsDuringACollection());
        assertEquals(1, s.collections(), "only the collection during the loop");
        assertEquals(2, s.clusters().size());

        SlowHops.Cluster first = s.clusters().get(0), second = s.clusters().get(1);
        assertEquals(300, first.fromMs());
        assertEquals(8, first.slowHops());
        assertEquals(60.0, first.maxLatencyMs());
        assertEquals(1, first.pauses().size());
        assertTrue(first.mostBackends().isEmpty());

        assertEquals(700, second.fromMs());
        assertEquals(2, second.slowHops());
        assertTrue(second.pauses().isEmpty());
        assertEquals(1.0, second.cores().byKind().get("postgres")[0], 1e-9);
        assertEquals(0.8, second.cores().byKind().get("postgres")[1], 1e-9, "waited for a core 20 ms in every 25 of its window");
        assertEquals(12, second.cores().maxLateMs());
        assertEquals(0.2, first.cores().byKind().get("postgres")[1], 1e-9);
        assertEquals(Map.of("client backend LWLock:WALWrite", 5, "walwriter IO:WalSync", 1), second.mostBackends(),
                "the most backends on each event while its hops ran, nothing from after them");
    }

    @Test
    void anEmptyLoopSummarizesToNothing() {
        SlowHops.Summary s = SlowHops.summarize(List.of(), List.of(), List.of(), List.of());
        assertEquals(0, s.hops());
        assertTrue(s.clusters().isEmpty());
    }
}
