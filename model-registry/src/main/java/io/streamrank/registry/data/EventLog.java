package io.streamrank.registry.data;

import io.streamrank.contract.event.ClickEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * All training events from one or more files, in event-time order.
 *
 * @param events       events sorted by timestamp; ties keep file order (stable sort)
 * @param skippedLines lines that could not be parsed, over all files
 */
public record EventLog(List<ClickEvent> events, long skippedLines) {

    public EventLog {
        events = List.copyOf(events);
    }

    /**
     * Reads every file ({@code .csv}: Taobao UserBehavior; {@code .json}/{@code .jsonl}: one wire-form event per line)
     * and sorts the union by timestamp: the Taobao samples are grouped by user, not by time.
     *
     * @throws IllegalArgumentException for a file of another type
     */
    public static EventLog read(List<Path> files, Consumer<String> progress) throws IOException {
        List<ClickEvent> all = new ArrayList<>();
        long skipped = 0;
        for (Path file : files) {
            LineParser parser = parserFor(file);
            int before = all.size();
            long bad = readLines(file, parser, all);
            skipped += bad;
            progress.accept(String.format(Locale.ROOT, "read %,d events from %s (%,d malformed lines skipped)",
                    all.size() - before, file.getFileName(), bad));
        }
        all.sort(Comparator.comparingLong(ClickEvent::timestamp));
        return new EventLog(all, skipped);
    }

    static LineParser parserFor(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            return new TaobaoCsvParser();
        }
        if (name.endsWith(".json") || name.endsWith(".jsonl")) {
            return new JsonLinesParser();
        }
        throw new IllegalArgumentException("unsupported event file (want .csv, .json or .jsonl): " + file);
    }

    /** Appends the file's events to {@code out}; returns the number of malformed lines. Blank lines are ignored. */
    static long readLines(Path file, LineParser parser, List<ClickEvent> out) throws IOException {
        long bad = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                ClickEvent e = parser.parse(line);
                if (e == null) {
                    bad++;
                } else {
                    out.add(e);
                }
            }
        }
        return bad;
    }

    public boolean isEmpty() {
        return events.isEmpty();
    }

    /** Event time of the first event, epoch ms. */
    public long firstTimestamp() {
        return events.get(0).timestamp();
    }

    /** Event time of the last event, epoch ms. */
    public long lastTimestamp() {
        return events.get(events.size() - 1).timestamp();
    }
}
