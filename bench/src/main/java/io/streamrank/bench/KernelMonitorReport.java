package io.streamrank.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the kernel's DAMON threads did during one phase, next to the phase's stalls (see {@link KernelMonitorProbe}):
 * their bursts, the CPU they took, and how many stalls began close to a burst against how many would by chance.
 */
final class KernelMonitorReport {

    /** A stall counts as near a burst when it began this long before the burst was seen (the poll lags by ≤ 5 ms)... */
    static final long BEFORE_MILLIS = 25;
    /** ... up to this long after it. */
    static final long AFTER_MILLIS = 100;
    /** Bursts under this much CPU are the monitor's idle ticks (~1–2 ms each on an idle machine), not counted. */
    static final double MIN_BURST_CPU_MS = 5;

    private KernelMonitorReport() {
    }

    /**
     * One report line for the phase {@code [fromMillis, toMillis)}.
     *
     * @param phase how the line names the phase, e.g. "at  1000/s"
     */
    static String line(String phase, KernelMonitorProbe probe, long fromMillis, long toMillis,
                       List<LoadGenerator.Stall> stalls) {
        if (!probe.watching()) {
            return "  kernel " + phase + ": no DAMON thread (kdamond) on this machine";
        }
        return line(phase, probe.between(fromMillis, toMillis), fromMillis, toMillis, stalls);
    }

    static String line(String phase, List<KernelMonitorProbe.Burst> all, long fromMillis, long toMillis,
                       List<LoadGenerator.Stall> stalls) {
        List<KernelMonitorProbe.Burst> bursts = new ArrayList<>();
        for (KernelMonitorProbe.Burst b : all) {
            if (b.cpuMillis() >= MIN_BURST_CPU_MS) {
                bursts.add(b);
            }
        }
        double seconds = Math.max(1e-3, (toMillis - fromMillis) / 1000.0);
        double[] cpus = bursts.stream().mapToDouble(KernelMonitorProbe.Burst::cpuMillis).toArray();
        double[] gaps = new double[Math.max(0, bursts.size() - 1)];
        for (int i = 0; i < gaps.length; i++) {
            gaps[i] = (bursts.get(i + 1).startMillis() - bursts.get(i).startMillis()) / 1000.0;
        }
        int near = 0;
        for (LoadGenerator.Stall s : stalls) {
            near += nearBurst(s.startMillis(), bursts) ? 1 : 0;
        }
        return String.format("  kernel %s: DAMON (kdamond) ran %d bursts of %.1f ms CPU (median) every %.3f s "
                        + "(median), %.1f ms per second; %d of %d stalls began within -%d..+%d ms of a burst "
                        + "(%.0f %% of the phase lies that close to one)",
                phase, bursts.size(), median(cpus), median(gaps), Arrays.stream(cpus).sum() / seconds, near,
                stalls.size(), BEFORE_MILLIS, AFTER_MILLIS, 100 * coveredShare(bursts, fromMillis, toMillis));
    }

    static boolean nearBurst(long millis, List<KernelMonitorProbe.Burst> bursts) {
        for (KernelMonitorProbe.Burst b : bursts) {
            if (millis >= b.startMillis() - BEFORE_MILLIS && millis <= b.startMillis() + AFTER_MILLIS) {
                return true;
            }
        }
        return false;
    }

    /** The share of the phase that lies within the near-a-burst window of some burst: what chance alone would give. */
    static double coveredShare(List<KernelMonitorProbe.Burst> bursts, long fromMillis, long toMillis) {
        long covered = 0;
        long end = fromMillis;
        for (KernelMonitorProbe.Burst b : bursts) {
            long from = Math.max(end, Math.max(fromMillis, b.startMillis() - BEFORE_MILLIS));
            long to = Math.min(toMillis, b.startMillis() + AFTER_MILLIS);
            if (to > from) {
                covered += to - from;
                end = to;
            }
        }
        return toMillis > fromMillis ? (double) covered / (toMillis - fromMillis) : 0;
    }

    private static double median(double[] values) {
        return values.length == 0 ? Double.NaN : Report.median(values);
    }
}
