package org.timebank.ops.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Finds a closed loop's maximum: the loop is run at rising concurrency until its throughput rises by
 * less than {@link #MIN_GAIN} over the best before it, and the best is the maximum. One fixed
 * concurrency can understate it: the gateway batches what arrives together, so it does less work a
 * unit the more units are in flight ({@code ussd-send} on one afternoon: 753 sends/s with 64 in
 * flight, 781 with 128, 1,134 with 256, its statements a send at the maximum 4.6, 2.7 and 1.5).
 * The ceilings are searched the same way, so each ratio compares two maxima.
 */
final class ClosedLoopSearch {
    /** The concurrencies of a full run, in the order tried. */
    static final List<Integer> LEVELS = List.of(128, 256, 512);
    /** The concurrencies of a quick run: two, so the search itself runs. */
    static final List<Integer> QUICK_LEVELS = List.of(64, 128);
    /** A level counts as higher only when it beats the best before it by this share. */
    static final double MIN_GAIN = 0.05;

    /** One closed loop at one concurrency. */
    @FunctionalInterface
    interface Level<T> {
        T run(int concurrency) throws Exception;
    }

    /** What one level measured. */
    record Tried<T>(int concurrency, double perSecond, T result) {}

    private ClosedLoopSearch() {}

    /** Runs the levels in order while each beats the best before it; every level run, in order. */
    static <T> List<Tried<T>> search(List<Integer> levels, Level<T> level, ToDoubleFunction<T> perSecond) throws Exception {
        List<Tried<T>> tried = new ArrayList<>();
        for (int concurrency : levels) {
            T result = level.run(concurrency);
            tried.add(new Tried<>(concurrency, perSecond.applyAsDouble(result), result));
            if (!rising(tried)) break;
        }
        return tried;
    }

    /** Whether the last level beat the best before it by {@link #MIN_GAIN} (the first always does). */
    static boolean rising(List<? extends Tried<?>> tried) {
        if (tried.size() < 2) return true;
        double last = tried.get(tried.size() - 1).perSecond();
        double before = tried.subList(0, tried.size() - 1).stream().mapToDouble(Tried::perSecond).max().orElse(0);
        return last >= before * (1 + MIN_GAIN);
    }

    /** The level with the highest throughput. */
    static <T> Tried<T> best(List<Tried<T>> tried) {
        return tried.stream().max(Comparator.comparingDouble(Tried::perSecond)).orElseThrow();
    }
}
