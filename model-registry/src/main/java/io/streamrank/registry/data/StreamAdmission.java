package io.streamrank.registry.data;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.event.EventAdmission;
import java.util.List;

/**
 * One file's events judged in the order it was recorded, as the feature job judges one Kafka partition: its decoder
 * rejects an event stamped more than {@link EventAdmission#MAX_FUTURE_SKEW} ahead of the wall clock
 * ({@code DecodeEvents}); its watermark counts an event's time only up to the wall clock ({@code capAtNow} in
 * {@code EventTimeWatermarks}); its late filter drops what is too far behind that watermark
 * ({@link EventAdmission#tooLate}).
 *
 * <p>A recording carries no wall clock, so it is estimated from the file (ADR 81): at record {@code i}, the newest
 * (capped) event time before it or the event time of record {@code i + 1}, whichever is newer; at the last record,
 * its own time. The next record is the witness: without it, one record from a fast clock (or in microseconds) would
 * move the watermark so far ahead that every later event of its file counted as late. Its limits: a run of two or
 * more records that far ahead confirms itself, as the next record confirms each; a record newer than all before it
 * whose next one is older (the first of the file, or one after a silence, followed by a straggler) counts only up to
 * that one, or is taken for a fast clock when more than the skew newer. Time-sorted files (Taobao CSV) are unchanged:
 * every record's next one is no older, so none is ahead of the estimate.
 */
final class StreamAdmission {

    /** In {@link #advancesTo}: the event was dropped, as from the future or late. */
    static final long DROPPED = Long.MIN_VALUE;
    private static final long SKEW_MS = EventAdmission.MAX_FUTURE_SKEW.toMillis();

    /**
     * Per event, the event time it moves the watermark to (its own, capped at the estimated clock), or
     * {@link #DROPPED}.
     */
    final long[] advancesTo;
    long future;
    long late;

    private StreamAdmission(int size) {
        advancesTo = new long[size];
    }

    /** @param stream one file's events in the order the job would have read them */
    static StreamAdmission judge(List<ClickEvent> stream) {
        StreamAdmission a = new StreamAdmission(stream.size());
        long newest = Long.MIN_VALUE;
        for (int i = 0; i < stream.size(); i++) {
            long t = stream.get(i).timestamp();
            long now = Math.max(newest, i + 1 < stream.size() ? stream.get(i + 1).timestamp() : t);
            // The decoder comes first in the job: a rejected event is neither late nor a watermark.
            if (t - now > SKEW_MS) {
                a.advancesTo[i] = DROPPED;
                a.future++;
            } else if (EventAdmission.tooLate(t, newest)) {
                a.advancesTo[i] = DROPPED;
                a.late++;
            } else {
                a.advancesTo[i] = Math.min(t, now);
                newest = Math.max(newest, a.advancesTo[i]);
            }
        }
        return a;
    }
}
