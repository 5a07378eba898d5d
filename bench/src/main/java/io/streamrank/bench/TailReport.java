package io.streamrank.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * What the requests over the P99 goal's bound ({@link LoadGenerator#SLOW_MICROS}) of one phase had in common: how
 * many of them were in flight while the service's JVM was stopped at a safepoint (a GC pause, mostly), while the
 * bench's own JVM was stopped by its collector (its load generator then neither sends nor reads, and the requests it
 * owes are charged the wait), while the kernel's DAMON thread ran, and in the queue-draining time after a stop or a
 * burst, each next to the share that chance would give. It tells what set the tail of a run, where the P99 alone
 * cannot.
 */
final class TailReport {

    /** Stops shorter than this are not counted (most safepoints take well under a millisecond). */
    static final long MIN_STOP_MILLIS = 1;
    /** The probe polls every 5 ms, so a burst began up to this long before it was seen. */
    static final long BURST_LAG_MILLIS = 5;
    /**
     * How long after a stop or a burst a request may still be slowed by the queue it left: the reach after a burst
     * that {@link KernelMonitorReport#AFTER_MILLIS} gives stalls.
     */
    static final long QUEUE_MILLIS = KernelMonitorReport.AFTER_MILLIS;

    private TailReport() {
    }

    /** An interval of wall-clock ms. */
    record Window(long fromMillis, long toMillis) {
    }

    /** A possible cause of slow requests: the times it was at work. */
    record Cause(String name, List<Window> windows) {
    }

    /** The stops of a JVM of at least {@link #MIN_STOP_MILLIS}, as a cause. */
    static Cause stops(String name, List<SafepointLog.Stop> stops) {
        List<Window> windows = new ArrayList<>();
        for (SafepointLog.Stop s : stops) {
            if (s.millis() >= MIN_STOP_MILLIS) {
                windows.add(new Window(s.startMillis(), s.endMillis()));
            }
        }
        return new Cause(name, windows);
    }

    /** DAMON's bursts (idle ticks left out, as {@link KernelMonitorReport} does), as a cause. */
    static Cause bursts(List<KernelMonitorProbe.Burst> bursts) {
        List<Window> windows = new ArrayList<>();
        for (KernelMonitorProbe.Burst b : bursts) {
            if (b.cpuMillis() >= KernelMonitorReport.MIN_BURST_CPU_MS) {
                windows.add(new Window(b.startMillis() - BURST_LAG_MILLIS,
                        b.startMillis() + (long) Math.ceil(b.cpuMillis()) + BURST_LAG_MILLIS));
            }
        }
        return new Cause("a DAMON burst", windows);
    }

    /**
     * The {@code millis} after each window of {@code cause}, as a cause of its own: while the JVM is stopped or DAMON
     * holds a core, requests queue, and the ones due just after it wait for that queue to drain, though they were not
     * in flight while it ran (ADR 65, amended).
     */
    static Cause after(Cause cause, long millis) {
        List<Window> windows = new ArrayList<>();
        for (Window w : cause.windows()) {
            windows.add(new Window(w.toMillis(), w.toMillis() + millis));
        }
        return new Cause("the " + millis + " ms after " + cause.name(), windows);
    }

    /**
     * One report line for the phase {@code [fromMillis, toMillis)}.
     *
     * @param requests every request of the phase (the slow ones' share is of these)
     */
    static String line(String phase, List<LoadGenerator.Slow> slow, long requests, List<Cause> causes,
                       long fromMillis, long toMillis) {
        long bound = LoadGenerator.SLOW_MICROS / 1000;
        int[] in = new int[causes.size()];
        int none = 0;
        for (LoadGenerator.Slow r : slow) {
            boolean any = false;
            for (int c = 0; c < in.length; c++) {
                if (overlaps(r.dueMillis(), r.endMillis(), causes.get(c).windows())) {
                    in[c]++;
                    any = true;
                }
            }
            none += any ? 0 : 1;
        }
        int n = slow.size();
        StringBuilder sb = new StringBuilder(String.format("  tail %s: %d requests of %d ms or more (%.2f %%); in "
                + "flight during", phase, n, bound, requests == 0 ? 0.0 : 100.0 * n / requests));
        double seconds = Math.max(1e-3, (toMillis - fromMillis) / 1000.0);
        for (int c = 0; c < in.length; c++) {
            Cause cause = causes.get(c);
            double millis = cause.windows().stream().mapToLong(w -> w.toMillis() - w.fromMillis()).sum();
            sb.append(String.format(" %s (%d, %.1f ms per second) %s, chance %.0f %%;", cause.name(),
                    cause.windows().size(), millis / seconds, share(in[c], n),
                    100 * chance(cause.windows(), bound, fromMillis, toMillis)));
        }
        return sb.append(" none of these ").append(share(none, n)).toString();
    }

    static boolean overlaps(long fromMillis, long toMillis, List<Window> windows) {
        for (Window w : windows) {
            if (fromMillis < w.toMillis() && toMillis > w.fromMillis()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The share of due times in the phase at which a request taking {@code boundMillis} would overlap a window: what
     * the shares above would be if slow requests had nothing to do with the windows.
     */
    static double chance(List<Window> windows, long boundMillis, long fromMillis, long toMillis) {
        List<Window> sorted = new ArrayList<>(windows);
        sorted.sort((a, b) -> Long.compare(a.fromMillis(), b.fromMillis()));
        long covered = 0;
        long end = fromMillis;
        for (Window w : sorted) {
            long from = Math.max(end, Math.max(fromMillis, w.fromMillis() - boundMillis));
            long to = Math.min(toMillis, w.toMillis());
            if (to > from) {
                covered += to - from;
                end = to;
            }
        }
        return toMillis > fromMillis ? (double) covered / (toMillis - fromMillis) : 0;
    }

    private static String share(int count, int of) {
        return of == 0 ? "-" : String.format("%.0f %%", 100.0 * count / of);
    }
}
