package io.streamrank.registry.evaluation;

import io.streamrank.contract.event.ClickEvent;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The time-ordered split: the test window is the last {@code testDays} days of data (ending {@code skipLastDays}
 * before the newest event, so a validation run can leave the real test window untouched); training uses everything at
 * or before the window's start. Nothing about a dataset is assumed beyond the events' own timestamps.
 *
 * @param events    all events, time-sorted
 * @param testStart test interactions are those with {@code testStart < t <= end}
 * @param end       newest event time considered; later events are ignored
 */
record TimeSplit(List<ClickEvent> events, long testStart, long end) {

    static final long DAY_MS = 86_400_000L;

    static TimeSplit of(List<ClickEvent> events, double testDays, double skipLastDays) {
        if (events.isEmpty()) {
            throw new IllegalArgumentException("no events to evaluate on");
        }
        long last = events.get(events.size() - 1).timestamp();
        long end = last - Math.round(skipLastDays * DAY_MS);
        long start = end - Math.round(testDays * DAY_MS);
        TimeSplit s = new TimeSplit(events, start, end);
        if (s.train().isEmpty() || s.testInteractions() == 0) {
            throw new IllegalArgumentException("the split leaves no training events or no test interactions: "
                    + s.describe());
        }
        return s;
    }

    List<ClickEvent> train() {
        return events.subList(0, indexAfter(testStart));
    }

    List<ClickEvent> upToEnd() {
        return events.subList(0, indexAfter(end));
    }

    int testInteractions() {
        int n = 0;
        for (ClickEvent e : upToEnd().subList(indexAfter(testStart), indexAfter(end))) {
            if (e.type().isInteraction()) {
                n++;
            }
        }
        return n;
    }

    long[] testUsers() {
        Set<Long> users = new LinkedHashSet<>();
        for (ClickEvent e : events.subList(indexAfter(testStart), indexAfter(end))) {
            if (e.type().isInteraction()) {
                users.add(e.userId());
            }
        }
        return users.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    String describe() {
        return String.format(Locale.ROOT, "train: %,d events from %s to %s; test: %,d interactions of %,d users "
                        + "in (%s, %s]", train().size(), Instant.ofEpochMilli(events.get(0).timestamp()),
                Instant.ofEpochMilli(testStart), testInteractions(), testUsers().length, Instant.ofEpochMilli(testStart),
                Instant.ofEpochMilli(end));
    }

    /** Index of the first event with a timestamp above {@code t}. */
    private int indexAfter(long t) {
        int lo = 0;
        int hi = events.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (events.get(mid).timestamp() <= t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
