package io.streamrank.ranking.warmup;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * Whether the JIT has settled: the compiler threads spent less than {@code busyShare} of one core compiling over the
 * last {@code window}, by the JVM's accumulated compilation time. At the end of a 20 s warm-up on the bench's two
 * cores they still compiled ~1.3 cores' worth (C2 on the request path: the scorer, Spring MVC's handler lookup, the
 * caches), and kept at it for the 25 s after the pod reported ready, while clients' requests were shed (ADR 62).
 * Not thread-safe: one thread asks.
 */
final class JitSettling {

    private final CompilationMXBean compiler;
    private final long windowNanos;
    private final double busyShare;
    /** (nanoTime, accumulated compilation ms) pairs, oldest first, spanning at least the window once full. */
    private final ArrayDeque<long[]> samples = new ArrayDeque<>();

    private JitSettling(CompilationMXBean compiler, Duration window, double busyShare) {
        this.compiler = compiler;
        this.windowNanos = window.toNanos();
        this.busyShare = busyShare;
    }

    /** The running JVM's JIT, or {@code null} when it does not report its compilation time. */
    static JitSettling ofThisJvm(Duration window, double busyShare) {
        CompilationMXBean bean = ManagementFactory.getCompilationMXBean();
        return bean == null || !bean.isCompilationTimeMonitoringSupported() ? null
                : new JitSettling(bean, window, busyShare);
    }

    /** Samples the compilation time now; true once a whole window has passed with the compilers below the share. */
    boolean settled() {
        return settled(System.nanoTime(), compiler.getTotalCompilationTime());
    }

    /** As {@link #settled()}, for a sample taken at {@code nanos} of {@code compileMs} accumulated. */
    boolean settled(long nanos, long compileMs) {
        samples.addLast(new long[] {nanos, compileMs});
        // Keep the newest sample that is at least a window old as the window's start.
        while (samples.size() > 2) {
            Iterator<long[]> oldest = samples.iterator();
            oldest.next();
            if (nanos - oldest.next()[0] < windowNanos) {
                break;
            }
            samples.removeFirst();
        }
        return nanos - samples.peekFirst()[0] >= windowNanos && lastShare() < busyShare;
    }

    /** The share of one core spent compiling over the current window (NaN before two samples). */
    double lastShare() {
        long[] first = samples.peekFirst();
        long[] last = samples.peekLast();
        long span = last == null ? 0 : last[0] - first[0];
        return span == 0 ? Double.NaN : (last[1] - first[1]) * 1_000_000.0 / span;
    }
}
