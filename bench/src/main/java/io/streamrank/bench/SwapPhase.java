package io.streamrank.bench;

import io.streamrank.contract.registry.LocalDirectoryStore;
import io.streamrank.contract.registry.ModelRepository;
import io.streamrank.contract.registry.Stage;
import io.streamrank.registry.versions.ModelRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --swap-rate}: what a hot model swap costs a loaded service. At that fixed rate, {@code --swap-after} seconds
 * in, a second model version is promoted to production in the bench's model store; the service's watcher loads it,
 * serves it, and builds its HNSW index while the old one still serves (ADR 68). The service is scraped every second,
 * and the report gives per five seconds what it answered, shed and searched, set against when the new version served
 * and when its index took over. The first version is put back into production afterwards.
 */
final class SwapPhase {

    /** Per interval of the report. */
    static final int INTERVAL_SECONDS = 5;
    private static final Pattern OUTCOME = Pattern.compile(
            "^streamrank_recommend_requests_total\\{outcome=\"([a-z_]+)\"} ([0-9.eE+-]+)$");
    private static final Pattern SERVED = Pattern.compile(
            "^streamrank_model_loaded\\{[^}]*version=\"([^\"]+)\"[^}]*} 1\\.0$");

    /** One scrape: when, the service's counters then, and the version it served. */
    record Sample(long atMillis, double ok, double shed, double degraded, double searched, double cpuSeconds,
                  String version) {
    }

    private SwapPhase() {
    }

    static List<String> run(BenchOptions o, ServiceProcess service, LoadGenerator load, LongFunction<byte[]> rank,
                            Path models, String to, Path safepoints) throws Exception {
        int rate = o.integer("swap-rate");
        int after = o.integer("swap-after");
        ModelRegistry registry = new ModelRegistry(new LocalDirectoryStore(models));
        String from = new ModelRepository(new LocalDirectoryStore(models)).versionIn(Stage.PRODUCTION).orElseThrow();
        List<Sample> samples = new CopyOnWriteArrayList<>();
        long[] promotedAt = {0L};
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "swap-phase");
            t.setDaemon(true);
            return t;
        });
        System.out.println("model swap at " + rate + " requests/s: " + to + " promoted " + after + " s in ...");
        long start = System.currentTimeMillis();
        LoadGenerator.Result r;
        ScheduledFuture<?> promotion = null;
        try {
            clock.scheduleAtFixedRate(() -> {
                try {
                    samples.add(sample(service));
                } catch (RuntimeException e) {
                    // a scrape that timed out under the load: the next one tells (an exception would end them all)
                }
            }, 0, 1, TimeUnit.SECONDS);
            promotion = clock.schedule(() -> {
                registry.promote(to, Stage.PRODUCTION, "bench-ranking --swap-rate");
                promotedAt[0] = System.currentTimeMillis();
                return null;
            }, after, TimeUnit.SECONDS);
            r = load.fixedRate("swap " + rate + "/s", rank, rate, Duration.ofSeconds(o.integer("swap-duration")),
                    o.integer("connections"));
        } finally {
            clock.shutdownNow();
            clock.awaitTermination(10, TimeUnit.SECONDS);
            // The next run (--repeat) starts from the same version.
            registry.promote(from, Stage.PRODUCTION, "bench-ranking --swap-rate: back after the swap phase");
        }
        List<String> out = new ArrayList<>();
        long promoted = promotedAt[0];
        if (promoted == 0 && promotion != null && promotion.isDone() && !promotion.isCancelled()) {
            try {
                promotion.get();
            } catch (ExecutionException e) {
                out.add("model swap: promoting " + to + " failed: " + e.getCause().getMessage());
            }
        }
        long served = samples.stream().filter(s -> to.equals(s.version())).mapToLong(Sample::atMillis).findFirst()
                .orElse(0L);
        IndexLine index = IndexLine.find(service.log(), to);
        out.add(String.format("model swap at %d/s (--swap-rate): %s promoted to production %s; served from %s; its "
                        + "HNSW index took over %s%s; %s is production again", rate, to,
                promoted == 0 ? "NEVER" : String.format("%.1f s in", (promoted - start) / 1e3),
                offset(served, promoted), offset(index == null ? 0 : index.atMillis(), promoted),
                index == null ? "" : " (" + index.detail() + ")", from));
        out.add(Report.header());
        out.add(Report.row(r, rate));
        out.addAll(intervals(samples, r.slow(), promoted == 0 ? start : promoted));
        if (promoted != 0) {
            long end = start + TimeUnit.SECONDS.toMillis(o.integer("swap-duration"));
            out.addAll(SwapTimeline.report(SwapTimeline.steps(service.log(), to, promoted,
                    index == null ? 0 : index.atMillis(), end), start, r.shedMillis(), r.slow(),
                    SafepointLog.read(safepoints, start, end + 1_000)));
        }
        return out;
    }

    /** Seconds after the promotion, or why not. */
    private static String offset(long atMillis, long promoted) {
        return atMillis == 0 || promoted == 0 ? "never (within the phase)"
                : String.format("+%.1f s", (atMillis - promoted) / 1e3);
    }

    private static Sample sample(ServiceProcess service) {
        try {
            double ok = 0;
            double shed = 0;
            double degraded = 0;
            double searched = 0;
            String version = null;
            // One scrape a second for everything the sample needs: the service pays for each.
            for (String line : service.get("/actuator/prometheus").lines().toList()) {
                Matcher m = OUTCOME.matcher(line);
                if (m.matches()) {
                    double v = Double.parseDouble(m.group(2));
                    switch (m.group(1)) {
                        case "ok" -> ok += v;
                        case "overloaded" -> shed += v;
                        default -> degraded += m.group(1).startsWith("degraded") ? v : 0;
                    }
                }
                Matcher s = SERVED.matcher(line);
                if (s.matches()) {
                    version = s.group(1);
                }
                Matcher n = ServiceProcess.NEIGHBOURS.matcher(line);
                if (n.matches() && n.group(1).equals("searched")) {
                    searched = Double.parseDouble(n.group(2));
                }
            }
            return new Sample(System.currentTimeMillis(), ok, shed, degraded, searched, service.cpuSeconds(),
                    version);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Per {@value #INTERVAL_SECONDS} s from the promotion (negative: before it), between the first and last samples
     * of each interval: answers, 503s and degraded answers a second, the share of requests of 10 ms or more (their due
     * time in it), the session source's graph searches a second, and the service's cores.
     */
    static List<String> intervals(List<Sample> samples, List<LoadGenerator.Slow> slow, long promoted) {
        List<String> out = new ArrayList<>();
        out.add("  from promotion   answered/s    503/s  degraded/s  >=10 ms  lists searched/s  service cores");
        Map<Long, List<Sample>> byInterval = new TreeMap<>();
        for (Sample s : samples) {
            byInterval.computeIfAbsent(Math.floorDiv(s.atMillis() - promoted, INTERVAL_SECONDS * 1000L),
                    k -> new ArrayList<>()).add(s);
        }
        Sample previous = null;
        for (Map.Entry<Long, List<Sample>> e : byInterval.entrySet()) {
            List<Sample> in = e.getValue();
            Sample first = previous == null ? in.get(0) : previous;
            Sample last = in.get(in.size() - 1);
            previous = last;
            double seconds = (last.atMillis() - first.atMillis()) / 1e3;
            if (seconds < 0.5) {
                continue;
            }
            double requests = (last.ok() - first.ok()) + (last.shed() - first.shed())
                    + (last.degraded() - first.degraded());
            long slowIn = slow.stream().filter(s -> s.dueMillis() > first.atMillis() && s.dueMillis() <= last.atMillis())
                    .count();
            long from = e.getKey() * INTERVAL_SECONDS;
            out.add(String.format("  %+5d..%+5d s %12.0f %8.0f %11.0f %7.1f %% %17.0f %14.2f", from,
                    from + INTERVAL_SECONDS, (last.ok() - first.ok()) / seconds, (last.shed() - first.shed()) / seconds,
                    (last.degraded() - first.degraded()) / seconds, requests == 0 ? 0 : 100.0 * slowIn / requests,
                    (last.searched() - first.searched()) / seconds,
                    (last.cpuSeconds() - first.cpuSeconds()) / seconds));
        }
        return out;
    }

    /** The service's log line for the new version's HNSW index: when it was logged, and what it says of the carry. */
    record IndexLine(long atMillis, String detail) {

        private static final Pattern LINE = Pattern.compile("^(\\S+Z) .*HNSW index of model (\\S+): (.*)$");

        static IndexLine find(Path log, String version) throws IOException {
            try (var lines = Files.lines(log)) {
                return lines.map(LINE::matcher).filter(Matcher::matches)
                        .filter(m -> m.group(2).equals(version)).reduce((a, b) -> b)
                        .map(m -> new IndexLine(Instant.parse(m.group(1)).toEpochMilli(), m.group(3)))
                        .orElse(null);
            }
        }
    }
}
