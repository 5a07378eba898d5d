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
 * (capped) event time before it or the event time of the witness, whichever is newer, and never later than the wall
 * clock of the replay (a recording cannot hold an event stamped after it was read). The witness is the next record
 * that is not itself too late ({@link #LOOKAHEAD} at most); with none (the last record of the file, or only
 * stragglers after it), the wall clock. Without a witness, one record from a fast clock (or in microseconds) would
 * move the watermark so far ahead that every later event of its file counted as late. Its limits: a run of two or
 * more records that far ahead, but not beyond today's clock, confirms itself, as the witness confirms each; a record
 * newer than all before it whose witness is older (the first of the file, or one after a silence, followed by a
 * straggler within the lateness) counts only up to that one, or is taken for a fast clock when more than the skew
 * newer. Time-sorted files (Taobao CSV) are unchanged: every record's witness is no older, and their history lies
 * before today.
 */
final class StreamAdmission {

    /** In {@link #advancesTo}: the event was dropped, as from the future or late. */
    static final long DROPPED = Long.MIN_VALUE;
    private static final long SKEW_MS = EventAdmission.MAX_FUTURE_SKEW.toMillis();
    /** How many records past a record its witness is looked for: a longer run of stragglers leaves it without one. */
    static final int LOOKAHEAD = 64;

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

    /**
     * @param stream    one file's events in the order the job would have read them
     * @param wallClock the replay's wall clock, epoch ms: no recorded event can have been read later
     */
    static StreamAdmission judge(List<ClickEvent> stream, long wallClock) {
        StreamAdmission a = new StreamAdmission(stream.size());
        long newest = Long.MIN_VALUE;
        for (int i = 0; i < stream.size(); i++) {
            long t = stream.get(i).timestamp();
            long witness = witness(stream, i, newest);
            long now = Math.min(wallClock, witness == Long.MIN_VALUE ? wallClock : Math.max(newest, witness));
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

    /**
     * The time of the first of the next {@link #LOOKAHEAD} records that is not too late against {@code newest} (a
     * straggler says nothing about the clock), or {@code Long.MIN_VALUE} when there is none.
     */
    private static long witness(List<ClickEvent> stream, int i, long newest) {
        int end = Math.min(stream.size(), i + 1 + LOOKAHEAD);
        for (int j = i + 1; j < end; j++) {
            long t = stream.get(j).timestamp();
            if (!EventAdmission.tooLate(t, newest)) {
                return t;
            }
        }
        return Long.MIN_VALUE;
    }
}
