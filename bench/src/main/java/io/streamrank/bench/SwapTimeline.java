package io.streamrank.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a swap's shed and slow requests fall against its steps, from the service's log: the registry's promotion, the
 * fetch (copy and checksums), the load and warm-up, serving, the HNSW index taking over. Per step it gives 503s and
 * requests of 10 ms or more a second (by due time), set against the seconds of the phase before the promotion; then
 * a 250 ms timeline of the swap with its quiet stretches folded, where the service's JVM stops (safepoints) show too.
 */
final class SwapTimeline {

    static final long BIN_MILLIS = 250;
    private static final Pattern LOADED = Pattern.compile(
            "^(\\S+Z) .*model (\\S+) for the serving role fetched and verified in (\\d+) ms, loaded and warmed in "
                    + "(\\d+) ms$");
    private static final Pattern SERVING = Pattern.compile("^(\\S+Z) .* serving model (\\S+) on .*$");

    /** A step's start (wall clock) and name. */
    record Step(long atMillis, String name) {
    }

    private SwapTimeline() {
    }

    /**
     * The steps of the swap to {@code version}, in time order: promoted, fetch, load, served, index (those the log
     * holds), then the phase's end.
     */
    static List<Step> steps(Path log, String version, long promoted, long indexAt, long end) throws IOException {
        List<Step> steps = new ArrayList<>();
        steps.add(new Step(promoted, "promoted, not yet seen"));
        try (var lines = Files.lines(log)) {
            for (String line : (Iterable<String>) lines::iterator) {
                Matcher l = LOADED.matcher(line);
                if (l.matches() && l.group(2).equals(version)) {
                    long at = Instant.parse(l.group(1)).toEpochMilli();
                    long load = Long.parseLong(l.group(4));
                    steps.add(new Step(at - load - Long.parseLong(l.group(3)), "fetch and verify"));
                    steps.add(new Step(at - load, "load and warm"));
                }
                Matcher s = SERVING.matcher(line);
                if (s.matches() && s.group(2).equals(version)) {
                    steps.add(new Step(Instant.parse(s.group(1)).toEpochMilli(), "served, old index"));
                }
            }
        }
        if (indexAt > 0) {
            steps.add(new Step(indexAt, "new index, first 5 s"));
            steps.add(new Step(indexAt + 5_000, "after"));
        }
        List<Step> within = new ArrayList<>(steps.stream().filter(s -> s.atMillis() < end).toList());
        within.sort((a, b) -> Long.compare(a.atMillis(), b.atMillis()));
        within.add(new Step(end, "end"));
        return within;
    }

    /**
     * Per step, and for the phase before the promotion ({@code start} to it): seconds, 503s and slow requests a
     * second; then the timeline from a second before the promotion to three after the last step with a time.
     */
    static List<String> report(List<Step> steps, long start, List<Long> shedMillis, List<LoadGenerator.Slow> slow,
                               List<SafepointLog.Stop> stops) {
        List<Long> slowMillis = slow.stream().map(LoadGenerator.Slow::dueMillis).toList();
        List<String> out = new ArrayList<>();
        out.add("  step (from its start)          seconds    503/s  >=10 ms/s");
        out.add(row("before the promotion", start, steps.get(0).atMillis(), shedMillis, slowMillis));
        for (int i = 0; i + 1 < steps.size(); i++) {
            out.add(row(steps.get(i).name(), steps.get(i).atMillis(), steps.get(i + 1).atMillis(), shedMillis,
                    slowMillis));
        }
        long promoted = steps.get(0).atMillis();
        long last = steps.size() > 1 ? steps.get(steps.size() - 2).atMillis() : promoted;
        long end = steps.get(steps.size() - 1).atMillis();
        out.add("  timeline, " + BIN_MILLIS + " ms bins from the promotion: 503s, requests of >=10 ms and the slowest "
                + "(by due time), the service's JVM stopped (ms, the longest stop's operation):");
        int quiet = 0;
        for (long from = promoted - 1_000; from < Math.min(end, last + 3_000); from += BIN_MILLIS) {
            long bin = from;
            long to = bin + BIN_MILLIS;
            long shed = count(shedMillis, bin, to);
            List<LoadGenerator.Slow> in = slow.stream().filter(s -> s.dueMillis() >= bin && s.dueMillis() < to)
                    .toList();
            StringBuilder marks = new StringBuilder();
            for (Step s : steps) {
                if (s.atMillis() >= bin && s.atMillis() < to) {
                    marks.append("  <- ").append(s.name());
                }
            }
            List<SafepointLog.Stop> stopped = stops.stream()
                    .filter(s -> s.startMillis() >= bin && s.startMillis() < to).toList();
            double stoppedMillis = stopped.stream().mapToDouble(SafepointLog.Stop::millis).sum();
            String longest = stopped.stream().max((a, b) -> Double.compare(a.millis(), b.millis()))
                    .filter(s -> s.millis() >= 1).map(s -> " " + s.operation()).orElse("");
            if (shed == 0 && in.isEmpty() && marks.isEmpty() && stoppedMillis < 5) {
                quiet++;
                continue;
            }
            if (quiet > 0) {
                out.add(String.format("    (%d quiet bins)", quiet));
                quiet = 0;
            }
            long max = in.stream().mapToLong(LoadGenerator.Slow::micros).max().orElse(0);
            out.add(String.format("  %+8.2f s %6d %6d %8.1f ms %6.0f ms%-20s%s", (bin - promoted) / 1e3, shed,
                    in.size(), max / 1e3, stoppedMillis, longest, marks));
        }
        if (quiet > 0) {
            out.add(String.format("    (%d quiet bins)", quiet));
        }
        return out;
    }

    private static String row(String name, long from, long to, List<Long> shed, List<Long> slow) {
        double seconds = Math.max(0, to - from) / 1e3;
        if (seconds == 0) {
            return String.format("  %-30s %7.2f %8s %10s", name, seconds, "-", "-");
        }
        return String.format("  %-30s %7.2f %8.1f %10.1f", name, seconds, count(shed, from, to) / seconds,
                count(slow, from, to) / seconds);
    }

    private static long count(List<Long> millis, long from, long to) {
        return millis.stream().filter(m -> m >= from && m < to).count();
    }
}
