package org.timebank.ops.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * For {@code --trace} on Linux: every {@link #EVERY_MS} ms, how much CPU this JVM's threads (by
 * kind: event loops, the garbage collector, the JIT, the rest) and PostgreSQL's processes got, and
 * how long they waited for a core ({@code /proc/…/schedstat}: run time and run-queue delay in
 * nanoseconds), and how late this sampler's own thread woke (a stall of the whole JVM or of the
 * machine shows there). Each reading covers the time since the one before.
 */
final class SchedTrace implements Runnable {
    static final long EVERY_MS = 25;

    /** One interval: CPU and run-queue wait in ms, per kind of thread or process, and the sampler's lateness. */
    record Sample(double atMs, double lateMs, Map<String, double[]> byKind) {}

    private final long startNanos;
    private final List<Sample> samples = new ArrayList<>();
    private final Map<String, long[]> last = new HashMap<>();
    private final Map<String, String> kinds = new HashMap<>();
    private final Thread thread;
    private volatile boolean stop;
    private List<Path> postgres = List.of();
    private long postgresListedAt;

    SchedTrace(long startNanos) {
        this.startNanos = startNanos;
        this.thread = new Thread(this, "bench-sched-trace");
        thread.setDaemon(true);
        if (Files.isReadable(Path.of("/proc/self/schedstat"))) thread.start();
    }

    @Override
    public void run() {
        read(); // the first reading is the baseline
        long due = System.nanoTime();
        while (!stop) {
            due += EVERY_MS * 1_000_000;
            long sleep = due - System.nanoTime();
            try {
                if (sleep > 0) Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
            } catch (InterruptedException e) {
                return;
            }
            long woke = System.nanoTime();
            Map<String, double[]> byKind = read();
            synchronized (samples) {
                samples.add(new Sample((woke - startNanos) / 1e6, Math.max(0, (woke - due) / 1e6), byKind));
            }
        }
    }

    List<Sample> stop() {
        stop = true;
        thread.interrupt();
        try {
            thread.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    /** Readings since the last call, per kind: {cpu ms, wait ms}. */
    private Map<String, double[]> read() {
        Map<String, long[]> now = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) add(now, task.getFileName().toString(), kindOf(task), task.resolve("schedstat"));
        } catch (IOException ignored) {
            // not on Linux
        }
        for (Path p : postgresProcesses()) add(now, "pg" + p.getFileName(), "postgres", p.resolve("schedstat"));
        Map<String, double[]> byKind = new HashMap<>();
        for (var e : now.entrySet()) {
            long[] before = last.get(e.getKey());
            if (before == null) continue;
            double[] sum = byKind.computeIfAbsent(kinds.getOrDefault(e.getKey(), "jvm other"), k -> new double[2]);
            sum[0] += (e.getValue()[0] - before[0]) / 1e6;
            sum[1] += (e.getValue()[1] - before[1]) / 1e6;
        }
        last.clear();
        last.putAll(now);
        return byKind;
    }

    private void add(Map<String, long[]> into, String key, String kind, Path schedstat) {
        try {
            String[] f = Files.readString(schedstat).trim().split(" ");
            into.put(key, new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])});
            kinds.putIfAbsent(key, kind);
        } catch (Exception ignored) {
            // the thread or process has ended
        }
    }

    private String kindOf(Path task) {
        String kind = kinds.get(task.getFileName().toString());
        if (kind != null) return kind;
        try {
            String comm = Files.readString(task.resolve("comm")).trim();
            if (comm.startsWith("vert.x-eventloo")) return "jvm event loops";
            if (comm.startsWith("GC Thread") || comm.startsWith("G1 ")) return "jvm gc";
            if (comm.contains("CompilerThre")) return "jvm jit";
            return "jvm other";
        } catch (IOException e) {
            return "jvm other";
        }
    }

    /** PostgreSQL's processes (listed again every second: backends come and go). */
    private List<Path> postgresProcesses() {
        long now = System.nanoTime();
        if (now - postgresListedAt < 1_000_000_000L) return postgres;
        postgresListedAt = now;
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path p : procs) {
                try {
                    if (Files.readString(p.resolve("comm")).trim().equals("postgres")) found.add(p);
                } catch (IOException ignored) {
                    // gone, or not ours to read
                }
            }
        } catch (IOException ignored) {
            // not on Linux
        }
        postgres = found;
        return found;
    }
}
