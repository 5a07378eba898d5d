package io.streamrank.pipeline.features;

import io.streamrank.pipeline.redis.RedisWrite;
import java.io.Serializable;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The feature computation of one key type, independent of how it is driven: the streaming operators
 * ({@link FeatureFunction}) run it on every event and window timer and write its values to Redis, the batch path
 * ({@link io.streamrank.pipeline.batch.PointInTimeFeatures}) replays recorded events through the very same methods. All
 * window state lives in the contract's state machines.
 *
 * @param <I> input record
 * @param <S> per-key state
 */
public interface FeatureLogic<I, S extends FeatureState> extends Serializable {

    S newState();

    long eventTime(I input);

    /**
     * The event time at which a key whose newest event is at {@code newestEventTime} is dropped: when that event
     * leaves the longest window, i.e. when the longest window's timer for it fires (no extra cleanup timer).
     */
    long cleanupTime(long newestEventTime);

    /** A bound on how long (processing time) a key's state may live at most: Flink's state TTL, a safety net. */
    Duration stateTtl();

    /** Every value of this logic (all bits of the value mask). */
    int allValues();

    /** Applies one input; {@code s.clock} already includes its time. Every value counts as changed. */
    void apply(S s, I input);

    /**
     * The event times at which this input's contribution to each window expires (window timers), as
     * {@code out.accept(windowIndex, time)} with a fixed index per window.
     */
    void expiries(I input, WindowTimer out);

    /** Drops what left the windows at {@code asOf}; returns the mask of the values that changed (0: none). */
    int evict(S s, long asOf);

    /**
     * The absolute Redis writes that make Redis hold this key's current values (those in {@code values}, a mask),
     * evaluated at {@code s.clock} and stamped {@code updatedAt}. Called after {@link #evict} at the same clock. May
     * record in {@code s} what it wrote (e.g. which set holds the key), the caller stores the state afterwards.
     */
    void values(long key, S s, int values, long updatedAt, Consumer<RedisWrite> out);

    /** Receives one window timer. */
    @FunctionalInterface
    interface WindowTimer {
        void accept(int window, long time);
    }
}
