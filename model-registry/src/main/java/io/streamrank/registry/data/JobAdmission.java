package io.streamrank.registry.data;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.event.EventAdmission;
import java.util.ArrayList;
import java.util.List;

/**
 * Drops the recorded events the feature job would have dropped (ADR 81), so that training and evaluation replay the
 * events the service's features were built from: those stamped too far in the future and those later than the job's
 * watermark allows ({@link StreamAdmission}), and repeated event ids ({@link RememberedIds}).
 *
 * <p>Each file is one stream read in its own order, with its own watermark: the job's rule for a recording of one
 * Kafka partition, with the wall clock estimated from the recording ({@link StreamAdmission}), so close, not exact. For a recording of several partitions interleaved it is stricter than the job, whose watermark
 * is held back by the slowest partition; a recording of each partition in a file of its own is judged as the job
 * judges it when that partition is not held back by another. Duplicates are judged per user over all files, read in
 * time order across files (the file whose next event is oldest first) and each file in its own order; the
 * de-duplication's watermark is that merged stream's, which forgets silent users as the job's cleanup timers do.
 */
final class JobAdmission {

    /**
     * @param events     the events kept, file after file, each in its own order, in a list of their own (the caller
     *                   may sort it)
     * @param late       events later than the watermark allows
     * @param future     events stamped further ahead of the (estimated) wall clock than the job's decoder allows
     * @param duplicates events whose id their user had sent within the de-duplication memory
     */
    record Admitted(List<ClickEvent> events, long late, long future, long duplicates) {
    }

    private JobAdmission() {
    }

    /** @param streams each file's events in the order the job would have read them, judged against today's clock */
    static Admitted admit(List<List<ClickEvent>> streams) {
        return admit(streams, System.currentTimeMillis());
    }

    /**
     * @param streams   each file's events in the order the job would have read them
     * @param wallClock the replay's wall clock, epoch ms ({@link StreamAdmission#judge})
     */
    static Admitted admit(List<List<ClickEvent>> streams, long wallClock) {
        List<long[]> advances = new ArrayList<>();
        long late = 0;
        long future = 0;
        for (List<ClickEvent> stream : streams) {
            StreamAdmission judged = StreamAdmission.judge(stream, wallClock);
            advances.add(judged.advancesTo);
            late += judged.late;
            future += judged.future;
        }
        long duplicates = dropRepeats(streams, advances);
        List<ClickEvent> kept = new ArrayList<>();
        for (int s = 0; s < streams.size(); s++) {
            for (int i = 0; i < streams.get(s).size(); i++) {
                if (advances.get(s)[i] != StreamAdmission.DROPPED) {
                    kept.add(streams.get(s).get(i));
                }
            }
        }
        return new Admitted(kept, late, future, duplicates);
    }

    /**
     * Marks the repeats among the events not yet dropped, merging the streams by time; returns how many. Every event
     * that reaches the de-duplication moves its watermark, a repeat too: the job's watermark comes from the source.
     */
    private static long dropRepeats(List<List<ClickEvent>> streams, List<long[]> advances) {
        RememberedIds ids = new RememberedIds();
        int[] next = new int[streams.size()];
        long newest = Long.MIN_VALUE;
        long repeats = 0;
        while (true) {
            int from = -1;
            for (int s = 0; s < streams.size(); s++) {
                while (next[s] < streams.get(s).size() && advances.get(s)[next[s]] == StreamAdmission.DROPPED) {
                    next[s]++;
                }
                if (next[s] < streams.get(s).size() && (from < 0 || streams.get(s).get(next[s]).timestamp()
                        < streams.get(from).get(next[from]).timestamp())) {
                    from = s;
                }
            }
            if (from < 0) {
                return repeats;
            }
            int i = next[from]++;
            long advancesTo = advances.get(from)[i];
            if (!ids.firstTime(streams.get(from).get(i), EventAdmission.watermark(newest))) {
                advances.get(from)[i] = StreamAdmission.DROPPED;
                repeats++;
            }
            newest = Math.max(newest, advancesTo);
        }
    }
}
