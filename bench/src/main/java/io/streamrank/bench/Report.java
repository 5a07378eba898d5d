package io.streamrank.bench;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Formats the figures and compares them with the goals of issue #5. */
final class Report {

    private static final double P99_GOAL_MS = 10.0;
    private static final double CEILING_SHARE_GOAL = 0.5;
    private static final int CLUSTER_RPS = 15_000;
    private static final int GOAL_CANDIDATES = 500;
    private static final double CLUSTER_P99_MS = 45.0;
    /** Stalls listed per phase at most; the count covers all. */
    private static final int STALLS_SHOWN = 12;
    private static final DateTimeFormatter WALL_CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS")
            .withZone(ZoneOffset.UTC);

    private Report() {
    }

    static String header() {
        return String.format("%-24s %9s %9s %7s %6s %5s %9s %8s %8s %8s %8s %6s", "phase", "target/s", "done/s", "ok",
                "503", "err", "degraded", "p50 ms", "p99 ms", "p99.9 ms", "max ms", "load");
    }

    static String row(LoadGenerator.Result r, int target) {
        return String.format("%-24s %9s %9.0f %7d %6d %5d %9d %8.2f %8.2f %8.2f %8.1f %6s", r.name(),
                target == 0 ? "max" : Integer.toString(target), r.throughput(), r.ok(), r.rejected(), r.errors(),
                r.degraded(), r.ms(50), r.ms(99), r.ms(99.9), r.maxMs(), loadAverage());
    }

    /**
     * The phase's stalls (requests slower than 50 ms, grouped), with their wall-clock start, to look up in logs
     * decorated with {@code time} (e.g. the service's {@code -Xlog:gc*,safepoint:file=...:time}).
     *
     * @param phase how the line names the phase, e.g. "at  1000/s" or "pair 3 A"
     */
    static String stalls(String phase, LoadGenerator.Result r) {
        List<LoadGenerator.Stall> stalls = r.stalls();
        StringBuilder sb = new StringBuilder(String.format("  stalls %s: %d (requests over %d ms)", phase,
                stalls.size(), LoadGenerator.STALL_MICROS / 1000));
        for (int i = 0; i < Math.min(stalls.size(), STALLS_SHOWN); i++) {
            LoadGenerator.Stall s = stalls.get(i);
            sb.append(String.format("%s %sZ %d requests, max %.0f ms", i == 0 ? ":" : ";",
                    WALL_CLOCK.format(Instant.ofEpochMilli(s.startMillis())), s.requests(), s.maxMicros() / 1000.0));
        }
        return stalls.size() > STALLS_SHOWN ? sb.append(", ...").toString() : sb.toString();
    }

    /** The machine's 1-minute load average: other work on the machine shows up here (the CPUs are shared). */
    static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    /**
     * Mean time per stage, the service's CPU per ranked (200) answer — 503s cost little, so dividing by all requests
     * would flatter an overloaded phase — and the cores it kept busy.
     */
    static String stages(int rate, Map<String, Double> before, Map<String, Double> after, double cpuSeconds,
                         LoadGenerator.Result phase) {
        StringBuilder sb = new StringBuilder(String.format("  at %5d/s:", rate));
        for (String stage : new String[] {"retrieve", "features", "score", "rules", "total"}) {
            double sum = after.getOrDefault("sum/" + stage, 0.0) - before.getOrDefault("sum/" + stage, 0.0);
            double count = after.getOrDefault("count/" + stage, 0.0) - before.getOrDefault("count/" + stage, 0.0);
            sb.append(String.format(" %s %.2f ms", stage, count == 0 ? 0 : sum / count * 1000));
            double waits = delta(before, after, "wait/count");
            if (stage.equals("score") && waits > 0) {
                double calls = delta(before, after, "calls/count");
                sb.append(String.format(" (waiting for a predictor %.2f ms%s)",
                        delta(before, after, "wait/sum") / waits * 1000, calls > 0
                                ? String.format(", %.2f requests per model call", delta(before, after, "calls/sum")
                                        / calls) : ""));
            }
        }
        sb.append(String.format("; service CPU %.2f ms per answer (%.2f cores)",
                cpuMsPerAnswer(cpuSeconds, phase), cpuSeconds / phase.seconds()));
        double rounds = delta(before, after, "rounds/count");
        if (rounds > 0) {
            sb.append(String.format("; Redis round trips %.3f/request, %.1f %% with one, %.1f %% with at most two",
                    delta(before, after, "rounds/sum") / rounds, 100 * delta(before, after, "rounds/one") / rounds,
                    100 * delta(before, after, "rounds/two") / rounds));
        }
        for (String cache : new String[] {"features_item", "retrieval_list", "catalog"}) {
            double fresh = delta(before, after, "cache/" + cache + "/hit");
            double stale = delta(before, after, "cache/" + cache + "/stale");
            double misses = delta(before, after, "cache/" + cache + "/miss");
            double all = fresh + stale + misses;
            if (all > 0 && phase.ok() > 0) {
                sb.append(String.format("; %s cache %.1f %% hits (%.0f %% stale), %.2f read in the request per answer",
                        cache.replace('_', ' '), 100 * (fresh + stale) / all, 100 * stale / all,
                        misses / phase.ok()));
                double ahead = delta(before, after, "ahead/" + cache);
                if (ahead > 0) {
                    // ADR 48: read in retrieval's round; the request's lookup then counted them as hits.
                    sb.append(String.format(", %.2f read ahead", ahead / phase.ok()));
                }
            }
        }
        double searched = delta(before, after, "neighbours/searched");
        double listed = searched + delta(before, after, "neighbours/cached");
        if (listed > 0 && phase.ok() > 0) {
            // Each searched list is a graph search in the request; the index caches them per item.
            sb.append(String.format("; HNSW neighbour lists %.1f %% cached, %.2f searched per answer",
                    100 * (listed - searched) / listed, searched / phase.ok()));
        }
        double invalidations = delta(before, after, "invalidations");
        if (invalidations > 0) {
            // ADR 56: each one expires a cached value, list or catalog entry, then read again at its next use.
            sb.append(String.format("; Redis announced %.0f changed keys per second", invalidations / phase.seconds()));
        }
        // Stop-the-world pauses stall every request in flight: their share of the phase bounds what P99 can be.
        double pauses = delta(before, after, "gc/count");
        if (pauses > 0) {
            double stoppedMs = delta(before, after, "gc/sum") * 1000;
            sb.append(String.format("; GC pauses %.0f, mean %.1f ms, %.1f ms per second", pauses, stoppedMs / pauses,
                    stoppedMs / phase.seconds()));
        }
        double allocated = delta(before, after, "gc/allocated");
        if (allocated > 0 && phase.ok() > 0) {
            sb.append(String.format("; allocated %.0f KB per request (503s included), promoted %.0f KB per second",
                    allocated / 1024 / (phase.ok() + phase.rejected()), delta(before, after, "gc/promoted") / 1024
                            / phase.seconds()));
        }
        return sb.toString();
    }

    /** Per JVM option set, the median over its runs of each headline figure (the machine is shared and noisy). */
    static List<String> medians(Map<String, List<BenchRun.Figures>> byJvm) {
        List<String> out = new ArrayList<>();
        out.add("");
        out.add("== medians over the repeated runs");
        byJvm.forEach((jvm, runs) -> {
            out.add(String.format("%s (%d runs):", jvm, runs.size()));
            double noop = median(runs, f -> f.noop().throughput());
            double rank = median(runs, f -> f.rankMax().throughput());
            out.add(String.format("  no-op max %.0f/s, ranking max %.0f/s, ranking/no-op %.1f %% (median of the "
                    + "per-run ratios), serial P50 %.2f ms P99 %.2f ms, service CPU %.2f ms per answer", noop, rank,
                    100 * median(runs, f -> f.rankMax().throughput() / f.noop().throughput()),
                    median(runs, f -> f.serial().ms(50)), median(runs, f -> f.serial().ms(99)),
                    median(runs, BenchRun.Figures::serialCpuMs)));
            for (Integer rate : runs.get(0).fixed().keySet()) {
                out.add(String.format("  %5d/s: answered %.0f/s, P50 %.2f ms, P99 %.2f ms, 503 share %.0f %%, "
                        + "service CPU %.2f ms per answer", rate,
                        median(runs, f -> f.fixed().get(rate).throughput()),
                        median(runs, f -> f.fixed().get(rate).ms(50)), median(runs, f -> f.fixed().get(rate).ms(99)),
                        100 * median(runs, f -> (double) f.fixed().get(rate).rejected()
                                / Math.max(1, f.fixed().get(rate).ok() + f.fixed().get(rate).rejected())),
                        median(runs, f -> f.fixedCpuMs().get(rate))));
            }
        });
        return out;
    }

    private static double median(List<BenchRun.Figures> runs, java.util.function.ToDoubleFunction<BenchRun.Figures> f) {
        return median(runs.stream().mapToDouble(f).toArray());
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** Service CPU per answered (200) request, in ms; 0 when none was answered. */
    static double cpuMsPerAnswer(double cpuSeconds, LoadGenerator.Result phase) {
        return phase.ok() == 0 ? 0 : cpuSeconds * 1000 / phase.ok();
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String key) {
        return after.getOrDefault(key, 0.0) - before.getOrDefault(key, 0.0);
    }

    static List<String> goals(LoadGenerator.Result noop, LoadGenerator.Result rankMax,
                              Map<Integer, LoadGenerator.Result> fixed, int candidates) {
        List<String> out = new ArrayList<>();
        int cores = Runtime.getRuntime().availableProcessors();
        if (candidates != GOAL_CANDIDATES) {
            out.add(String.format("goals: not judged (they are for %d candidates per request, this run had %d); "
                    + "ranking max = %.0f %% of the no-op ceiling", GOAL_CANDIDATES, candidates,
                    100 * rankMax.throughput() / noop.throughput()));
            return out;
        }
        out.add("goals:");
        LoadGenerator.Result at1000 = fixed.get(1000);
        if (at1000 != null) {
            boolean clean = at1000.rejected() == 0 && at1000.errors() == 0;
            out.add(String.format("  P99 at 1,000/s = %.2f ms (goal <= %.0f ms): %s%s", at1000.ms(99), P99_GOAL_MS,
                    at1000.ms(99) <= P99_GOAL_MS && clean ? "MET" : "NOT MET",
                    clean ? "" : " (" + at1000.rejected() + " answered 503, " + at1000.errors() + " errors)"));
        }
        double share = rankMax.throughput() / noop.throughput();
        out.add(String.format("  ranking max %.0f/s = %.0f %% of the no-op ceiling %.0f/s (goal >= %.0f %%): %s",
                rankMax.throughput(), share * 100, noop.throughput(), CEILING_SHARE_GOAL * 100,
                share >= CEILING_SHARE_GOAL ? "MET" : "NOT MET"));
        double perCore = rankMax.throughput() / cores;
        out.add(String.format("  per core: %.0f ranking requests/s per core here (%d cores, load generator and local "
                + "stack included); %,d/s at P99 < %.0f ms on a cluster needs about %.0f such cores", perCore, cores,
                CLUSTER_RPS, CLUSTER_P99_MS, CLUSTER_RPS / perCore));
        return out;
    }
}
