package io.streamrank.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;
import org.HdrHistogram.Histogram;

/**
 * Drives HTTP GETs at a server in two ways. {@link #fixedRate}: open loop, request i is due at start + i/rate and
 * its latency is measured from that due time, not from when a connection got round to sending it (so a stalled
 * server cannot hide its queueing: coordinated omission corrected). {@link #closedLoop}: each connection sends its
 * next request as soon as the previous answer is in, to find the maximum throughput.
 */
final class LoadGenerator {

    private static final byte[] DEGRADED = "\"degraded\":true".getBytes(StandardCharsets.US_ASCII);

    /** A request slower than this is a stall: longer than the service's wait for a slot (ADR 45). */
    static final long STALL_MICROS = 50_000;
    /** A request slower than this is kept for {@link TailReport}: the P99 goal's bound at 1,000/s. */
    static final long SLOW_MICROS = 10_000;

    /**
     * What one phase measured; latencies in microseconds. {@code slow} lists every request of at least
     * {@link #SLOW_MICROS}, {@code shedMillis} when each request answered 503 was due (wall clock, in no order).
     */
    record Result(String name, double seconds, long ok, long rejected, long errors, long degraded,
                  Histogram latency, List<Stall> stalls, List<Slow> slow, List<Long> shedMillis) {

        double throughput() {
            return ok / seconds;
        }

        double ms(double percentile) {
            return latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(percentile) / 1000.0;
        }

        double maxMs() {
            return latency.getTotalCount() == 0 ? Double.NaN : latency.getMaxValue() / 1000.0;
        }
    }

    /**
     * Requests slower than {@link #STALL_MICROS} whose due times lie within 250 ms of one another: one stall of the
     * server (or of this machine). The wall-clock time lets a stall be found in the service's GC, safepoint or JIT
     * logs (decorated with {@code time}) and in /proc samples.
     */
    record Stall(long startMillis, int requests, long maxMicros) {
    }

    /** One request of at least {@link #SLOW_MICROS}: when it was due (wall clock) and how long it took. */
    record Slow(long dueMillis, long micros) {

        /** Wall-clock end: due time plus latency. */
        long endMillis() {
            return dueMillis + (micros + 999) / 1000;
        }
    }

    private final String host;
    private final int port;

    LoadGenerator(String host, int port) {
        this.host = host;
        this.port = port;
    }

    Result fixedRate(String name, LongFunction<byte[]> requests, int rate, Duration duration, int connections)
            throws InterruptedException {
        long total = rate * duration.toSeconds();
        double interval = 1e9 / rate;
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
        AtomicLong next = new AtomicLong();
        return run(name, connections, start, (conn, stats) -> {
            for (long i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                long due = start + (long) (i * interval);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                stats.call(conn, requests.apply(i), due);
            }
        });
    }

    Result closedLoop(String name, LongFunction<byte[]> requests, int connections, Duration duration)
            throws InterruptedException {
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        AtomicLong next = new AtomicLong();
        return run(name, connections, start, (conn, stats) -> {
            while (System.nanoTime() < end) {
                stats.call(conn, requests.apply(next.getAndIncrement()), System.nanoTime());
            }
        });
    }

    private interface Work {
        void run(HttpConnection conn, Stats stats) throws IOException;
    }

    private Result run(String name, int connections, long start, Work work) throws InterruptedException {
        List<Stats> all = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            Stats stats = new Stats();
            all.add(stats);
            Thread t = new Thread(() -> {
                try (HttpConnection conn = new HttpConnection(host, port)) {
                    work.run(conn, stats);
                } catch (IOException e) {
                    stats.errors++;
                }
            }, "load-" + c);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        Histogram merged = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
        List<long[]> slow = new ArrayList<>();
        List<Long> shed = new ArrayList<>();
        long ok = 0;
        long rejected = 0;
        long errors = 0;
        long degraded = 0;
        long last = start;
        for (Stats s : all) {
            merged.add(s.latency);
            ok += s.ok;
            rejected += s.rejected;
            errors += s.errors;
            degraded += s.degraded;
            slow.addAll(s.slow);
            shed.addAll(s.shed);
            last = Math.max(last, s.lastEnd);
        }
        long nanosToEpoch = System.currentTimeMillis() * 1_000_000 - System.nanoTime();
        List<Slow> slowest = new ArrayList<>(slow.size());
        List<long[]> stalled = new ArrayList<>();
        for (long[] request : slow) {
            slowest.add(new Slow((request[0] + nanosToEpoch) / 1_000_000, request[1]));
            if (request[1] >= STALL_MICROS) {
                stalled.add(request);
            }
        }
        return new Result(name, Math.max(1e-9, (last - start) / 1e9), ok, rejected, errors, degraded, merged,
                stalls(stalled), slowest, shed.stream().map(due -> (due + nanosToEpoch) / 1_000_000).toList());
    }

    /** Groups the slow requests ({due nanos, latency micros}) into stalls, in wall-clock time. */
    static List<Stall> stalls(List<long[]> slow) {
        slow.sort((a, b) -> Long.compare(a[0], b[0]));
        long nanosToEpoch = System.currentTimeMillis() * 1_000_000 - System.nanoTime();
        List<Stall> stalls = new ArrayList<>();
        long first = 0;
        long previous = Long.MIN_VALUE;
        int requests = 0;
        long max = 0;
        for (long[] request : slow) {
            if (requests > 0 && request[0] - previous > TimeUnit.MILLISECONDS.toNanos(250)) {
                stalls.add(new Stall((first + nanosToEpoch) / 1_000_000, requests, max));
                requests = 0;
                max = 0;
            }
            if (requests == 0) {
                first = request[0];
            }
            previous = request[0];
            requests++;
            max = Math.max(max, request[1]);
        }
        if (requests > 0) {
            stalls.add(new Stall((first + nanosToEpoch) / 1_000_000, requests, max));
        }
        return stalls;
    }

    /** Per-connection counters (one thread each; merged at the end). */
    private static final class Stats {

        final Histogram latency = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
        final ByteArrayOutputStream body = new ByteArrayOutputStream(4096);
        final List<long[]> slow = new ArrayList<>();
        /** Due times (nanos) of the requests answered 503. */
        final List<Long> shed = new ArrayList<>();
        long ok;
        long rejected;
        long errors;
        long degraded;
        long lastEnd;

        void call(HttpConnection conn, byte[] request, long due) {
            body.reset();
            int status;
            try {
                status = conn.send(request, body);
            } catch (IOException e) {
                errors++;
                return;
            }
            long now = System.nanoTime();
            lastEnd = now;
            long micros = Math.min(TimeUnit.SECONDS.toMicros(60), Math.max(0, (now - due) / 1000));
            latency.recordValue(micros);
            if (micros >= SLOW_MICROS) {
                slow.add(new long[] {due, micros});
            }
            if (status == 200) {
                ok++;
                if (contains(body.toByteArray(), DEGRADED)) {
                    degraded++;
                }
            } else if (status == 503) {
                rejected++;
                shed.add(due);
            } else {
                errors++;
            }
        }

        private static boolean contains(byte[] haystack, byte[] needle) {
            outer:
            for (int i = 0; i + needle.length <= haystack.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (haystack[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return true;
            }
            return false;
        }
    }
}
