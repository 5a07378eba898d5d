package io.streamrank.pipeline.features;

import io.streamrank.pipeline.redis.RedisWrite;
import java.io.Serializable;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

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

    /** Idle this long (event time) after its newest event, a key's state is dropped. */
    Duration stateTtl();

    /** Applies one input; {@code s.clock} already includes its time. */
    void apply(S s, I input);

    /** The event times at which this input's contribution to a window expires (window timers). */
    void expiries(I input, LongConsumer out);

    /** Drops what left the windows at {@code asOf}; true if any value changed. */
    boolean evict(S s, long asOf);

    /**
     * The absolute Redis writes that make Redis hold this key's current values, evaluated at {@code s.clock} and
     * stamped {@code updatedAt} (wall clock). Called after {@link #evict} at the same clock.
     */
    void values(long key, S s, long updatedAt, Consumer<RedisWrite> out);
}
