package io.streamrank.pipeline.features;

/**
 * What every per-key feature state carries besides its windows: event-time bookkeeping and whether a write is due.
 * Subclasses are Flink POJOs.
 */
public abstract class FeatureState {

    /** Newest event time applied. */
    public long maxTimestamp = Long.MIN_VALUE;
    /** Event time the windows are evaluated at: the newest event or fired window timer, whichever is later. */
    public long clock = Long.MIN_VALUE;
    /** Processing time of the pending flush timer, 0 when nothing changed since the last write. */
    public long flushAt;
    /** Event time of the oldest event not yet written, 0 if the pending write only slides windows. */
    public long pendingEventTime;
    /** Which of the logic's values changed since the last write (bit mask, see the logic). */
    public int dirtyValues;
    /** Newest window timer registered per window (see {@link FeatureLogic#expiries}), for the same reason. */
    public long[] windowTimers = new long[0];
}
