package org.timebank.ops.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the machine spent: CPU of the whole machine (from {@code /proc/stat}, so PostgreSQL's
 * processes count too) and of this JVM (the gateway and the load generator), live heap after a
 * full collection, and the JVM's peak resident memory. Linux numbers are null elsewhere.
 */
final class MachineStats {
    /** A CPU reading to compare with a later one. */
    record Cpu(long machineBusy, long machineTotal, long steal, long processNanos, long wallNanos) {
        static Cpu now() {
            long busy = -1, total = -1, steal = -1;
            try {
                String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                total = 0;
                for (int i = 1; i < f.length; i++) total += Long.parseLong(f[i]);
                busy = total - Long.parseLong(f[4]) - (f.length > 5 ? Long.parseLong(f[5]) : 0); // minus idle and iowait
                steal = f.length > 8 ? Long.parseLong(f[8]) : -1; // counted as busy: the hypervisor ran something else
            } catch (Exception ignored) {
                // not on Linux
            }
            long process = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                    ? os.getProcessCpuTime() : -1;
            return new Cpu(busy, total, steal, process, System.nanoTime());
        }

        /** Percent of all cores busy on the machine since {@code before}. */
        Double machinePercent(Cpu before) {
            if (machineTotal < 0 || machineTotal == before.machineTotal) return null;
            return Bench.round(100.0 * (machineBusy - before.machineBusy) / (machineTotal - before.machineTotal));
        }

        /**
         * Percent of all cores' time since {@code before} that the hypervisor gave to another guest
         * (steal; part of {@link #machinePercent}): a stall with steal in it was not this machine's doing.
         */
        Double stealPercent(Cpu before) {
            if (steal < 0 || before.steal < 0 || machineTotal == before.machineTotal) return null;
            return Bench.round(100.0 * (steal - before.steal) / (machineTotal - before.machineTotal));
        }

        /** This JVM's CPU since {@code before}, in cores (1.0 = one core busy all the time). */
        Double jvmCores(Cpu before) {
            if (processNanos < 0) return null;
            return Bench.round((double) (processNanos - before.processNanos) / (wallNanos - before.wallNanos));
        }
    }

    /** Heap in use after a full collection (what is really held), in MB. */
    static double liveHeapMb() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return Bench.round(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0);
    }

    static Double peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) return Bench.round(Long.parseLong(line.replaceAll("\\D+", "")) / 1024.0);
            }
        } catch (Exception ignored) {
            // not on Linux
        }
        return null;
    }
}
