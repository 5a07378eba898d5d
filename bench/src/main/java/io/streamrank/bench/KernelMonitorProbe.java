package io.streamrank.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Watches the kernel's DAMON threads ({@code kdamond.N}) while the bench runs, so that a report can say how much of
 * the machine they took and when. On the development VMs the kernel runs DAMON over all physical memory (a
 * {@code paddr} context sampling every 500 ms with a {@code pageout} scheme): under the bench's load each sample took
 * ~20–25 ms of one core's CPU, every ~0.575 s, and the service's stalls began right after them (docs/benchmarks.md,
 * 2026-12-03 19:10 UTC). The bench only reads {@code /proc}; it never changes the kernel's settings.
 *
 * <p>A thread polls each kdamond's {@code /proc/PID/schedstat} (nanoseconds on a CPU) every 5 ms; consecutive polls
 * that saw CPU time make one burst. Polling costs ~1 % of a core; on a machine without DAMON no thread starts.
 */
final class KernelMonitorProbe implements AutoCloseable {

    /** One run of a kdamond thread: when it began (epoch ms) and the CPU it took. */
    record Burst(long startMillis, double cpuMillis) {
    }

    /** Where the kernel lists its threads. */
    static final Path PROC = Path.of("/proc");
    private static final long POLL_MILLIS = 5;
    /** How often the kdamond threads are looked up again (DAMON may be switched on or off meanwhile). */
    private static final long RESCAN_MILLIS = 2_000;

    private final Path proc;
    private final List<Burst> bursts = new CopyOnWriteArrayList<>();
    private final Thread poller;
    private volatile boolean running = true;

    private KernelMonitorProbe(Path proc, List<Path> found) {
        this.proc = proc;
        this.poller = found.isEmpty() ? null : new Thread(() -> poll(found), "kdamond-probe");
        if (poller != null) {
            poller.setDaemon(true);
            poller.start();
        }
    }

    /** Starts watching the kdamond threads under {@code /proc}, if there are any now. */
    static KernelMonitorProbe start() {
        return start(PROC);
    }

    static KernelMonitorProbe start(Path proc) {
        return new KernelMonitorProbe(proc, threads(proc));
    }

    /** Whether any kdamond thread was found at the start. */
    boolean watching() {
        return poller != null;
    }

    /** The bursts that began in {@code [fromMillis, toMillis)}. */
    List<Burst> between(long fromMillis, long toMillis) {
        List<Burst> in = new ArrayList<>();
        for (Burst b : bursts) {
            if (b.startMillis() >= fromMillis && b.startMillis() < toMillis) {
                in.add(b);
            }
        }
        return in;
    }

    /** The kdamond threads' directories: those whose {@code comm} starts with "kdamond". */
    static List<Path> threads(Path proc) {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(proc, "[0-9]*")) {
            for (Path dir : dirs) {
                try {
                    if (Files.readString(dir.resolve("comm")).startsWith("kdamond")) {
                        found.add(dir);
                    }
                } catch (IOException e) {
                    // The process ended while listed.
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        return found;
    }

    /** Nanoseconds the thread has run on a CPU (the first field of schedstat), or -1 when it is gone. */
    static long cpuNanos(Path thread) {
        try {
            String s = Files.readString(thread.resolve("schedstat"));
            return Long.parseLong(s.substring(0, s.indexOf(' ')));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private void poll(List<Path> found) {
        Sampler sampler = new Sampler();
        List<Path> threads = found;
        long rescanned = System.currentTimeMillis();
        while (running) {
            long now = System.currentTimeMillis();
            if (now - rescanned >= RESCAN_MILLIS) {
                threads = threads(proc);
                rescanned = now;
            }
            Burst ended = sampler.sample(now, threads);
            if (ended != null) {
                bursts.add(ended);
            }
            try {
                TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Turns successive schedstat readings into bursts; one thread only. */
    static final class Sampler {

        private final Map<Path, Long> last = new HashMap<>();
        private long burstStart = -1;
        private long burstNanos;

        /** Reads every thread's CPU time at {@code nowMillis}; returns the burst that ended with this poll, if any. */
        Burst sample(long nowMillis, List<Path> threads) {
            long ran = 0;
            for (Path t : threads) {
                long cpu = cpuNanos(t);
                if (cpu < 0) {
                    continue;
                }
                Long before = last.put(t, cpu);
                ran += before == null ? 0 : cpu - before;
            }
            if (ran > 0) {
                if (burstStart < 0) {
                    burstStart = nowMillis;
                    burstNanos = 0;
                }
                burstNanos += ran;
                return null;
            }
            if (burstStart < 0) {
                return null;
            }
            Burst b = new Burst(burstStart, burstNanos / 1e6);
            burstStart = -1;
            return b;
        }
    }

    @Override
    public void close() {
        running = false;
        if (poller != null) {
            poller.interrupt();
        }
    }
}
