package io.streamrank.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The times the service's JVM stopped all its threads (GC pauses, deoptimizations, biased-lock revocations...), from
 * the unified log the bench asks the service for ({@link #option}). HotSpot writes one line per safepoint when it
 * ends, stamped with the wall clock in ms ({@code timemillis}), e.g.
 * {@code [1796364097351ms] Safepoint "G1CollectFull", Time since last: …, Total: 14683873 ns}; the stop is the
 * {@code Total} before that stamp. Lines in another form are skipped.
 */
final class SafepointLog {

    private static final Pattern LINE = Pattern.compile("^\\[(\\d+)ms\\] Safepoint \"([^\"]*)\".*Total: (\\d+) ns");

    /** One stop of the JVM, wall-clock ms. */
    record Stop(long startMillis, long endMillis, String operation) {

        double millis() {
            return endMillis - startMillis;
        }
    }

    private SafepointLog() {
    }

    /** The JVM option that writes the log to {@code file}, replacing it at each start (no rotation). */
    static String option(Path file) {
        return "-Xlog:safepoint:file=" + file + ":timemillis:filecount=0";
    }

    /** The stops that ended in {@code [fromMillis, toMillis]}; none when the file is missing or unreadable. */
    static List<Stop> read(Path file, long fromMillis, long toMillis) {
        if (!Files.isReadable(file)) {
            return List.of();
        }
        try (var lines = Files.lines(file)) {
            return parse(lines.toList(), fromMillis, toMillis);
        } catch (IOException | UncheckedIOException e) {
            return List.of();
        }
    }

    static List<Stop> parse(List<String> lines, long fromMillis, long toMillis) {
        List<Stop> stops = new ArrayList<>();
        for (String line : lines) {
            Matcher m = LINE.matcher(line);
            if (!m.find()) {
                continue;
            }
            long end = Long.parseLong(m.group(1));
            if (end < fromMillis || end > toMillis) {
                continue;
            }
            // Rounded up: a stop of 0.4 ms still covers the millisecond it happened in.
            long lengthMillis = (Long.parseLong(m.group(3)) + 999_999) / 1_000_000;
            stops.add(new Stop(end - lengthMillis, end, m.group(2)));
        }
        return stops;
    }
}
