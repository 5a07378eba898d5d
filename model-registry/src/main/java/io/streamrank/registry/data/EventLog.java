package io.streamrank.registry.data;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.event.EventAdmission;
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
 * All training events from one or more files, in event-time order, less those the feature job would have dropped
 * ({@link JobAdmission}, ADR 81).
 *
 * @param events       events sorted by timestamp; ties keep file order (stable sort)
 * @param skippedLines lines that could not be parsed, over all files
 * @param lateEvents   events dropped as later than the job's watermark allows
 * @param futureEvents events dropped as stamped further ahead of the (estimated) wall clock than the job's decoder
 *                     allows
 * @param repeatEvents events dropped because their user had sent their {@code eventId} within the job's memory
 */
public record EventLog(List<ClickEvent> events, long skippedLines, long lateEvents, long futureEvents,
                       long repeatEvents) {

    public EventLog {
        events = List.copyOf(events);
    }

    /**
     * Reads every file ({@code .csv}: Taobao UserBehavior; {@code .json}/{@code .jsonl}: one wire-form event per line),
     * drops the events the feature job would have dropped, each file read in the order the job would have read it
     * ({@link LineParser#inArrivalOrder}), and sorts the rest by timestamp: the Taobao samples are grouped by user,
     * not by time.
     *
     * @throws IllegalArgumentException for a file of another type
     */
    public static EventLog read(List<Path> files, Consumer<String> progress) throws IOException {
        List<List<ClickEvent>> streams = new ArrayList<>();
        long skipped = 0;
        for (Path file : files) {
            LineParser parser = parserFor(file);
            List<ClickEvent> stream = new ArrayList<>();
            long bad = readLines(file, parser, stream);
            if (!parser.inArrivalOrder()) {
                stream.sort(Comparator.comparingLong(ClickEvent::timestamp));
            }
            streams.add(stream);
            skipped += bad;
            progress.accept(String.format(Locale.ROOT, "read %,d events from %s (%,d malformed lines skipped)",
                    stream.size(), file.getFileName(), bad));
        }
        JobAdmission.Admitted admitted = JobAdmission.admit(streams);
        List<ClickEvent> all = admitted.events(); // a fresh list of JobAdmission's, sorted in place below
        progress.accept(String.format(Locale.ROOT, "dropped as the feature job does: %,d late events (more than %,d "
                        + "ms behind the newest event before them), %,d from the future (more than %,d ms ahead of "
                        + "the file's clock), %,d repeated event ids; %,d events left",
                admitted.late(), EventAdmission.ON_TIME_BEHIND_MS,
                admitted.future(), EventAdmission.MAX_FUTURE_SKEW.toMillis(), admitted.duplicates(), all.size()));
        all.sort(Comparator.comparingLong(ClickEvent::timestamp));
        return new EventLog(all, skipped, admitted.late(), admitted.future(), admitted.duplicates());
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
