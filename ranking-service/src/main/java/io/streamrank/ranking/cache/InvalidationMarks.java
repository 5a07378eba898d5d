package io.streamrank.ranking.cache;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * When keys were last invalidated, by bucket (a cache's slot pair, or a hash of a list key), so that a put can tell
 * whether its key changed after its reply was read (ADR 56). The race it closes: a request awaits a read, the
 * invalidation of a change that came right after that read is handled on the event loop, and only then does the
 * request thread put the value it read, which would then be kept for the long tracked TTL although Redis has already
 * announced it changed. An invalidation handled before the reply was read is of a change the reply already holds.
 * Buckets are shared by colliding keys: a collision only costs a value the short TTL.
 *
 * <p>Marks and entries follow a Dekker pattern: an invalidation marks, then expires what is cached; a put writes its
 * entry, then looks at the mark ({@link #stillValid}) and expires its own entry when it was marked since its read.
 * With a full fence between the two steps on each side, at least one of them sees the other.
 */
public final class InvalidationMarks {

    private static final VarHandle AT = MethodHandles.arrayElementVarHandle(long[].class);

    private final Tracking tracking;
    /** {@code null} when tracking is off: nothing to mark. */
    private final long[] at;
    private final int mask;

    /** @param buckets rounded up to a power of two */
    public InvalidationMarks(Tracking tracking, int buckets) {
        this.tracking = tracking;
        int size = Integer.highestOneBit(Math.max(2, buckets) - 1) << 1;
        this.at = tracking == Tracking.OFF ? null : new long[size];
        this.mask = size - 1;
    }

    /**
     * The TTL for a value whose reply was read at {@code readAtNanos}, into bucket {@code bucket} of a cache whose own TTL is
     * {@code shortTtlNanos}: the tracked TTL when invalidations cover the read and none hit the bucket since.
     */
    public long ttlNanos(long shortTtlNanos, int bucket, long readAtNanos) {
        long ttl = tracking.ttlNanos(shortTtlNanos, readAtNanos);
        return ttl != shortTtlNanos && markedSince(bucket, readAtNanos) ? shortTtlNanos : ttl;
    }

    /** The longest TTL {@link #ttlNanos} gives any value: what a cached value's read time is at most that far before. */
    public long longestTtlNanos(long shortTtlNanos) {
        return tracking == Tracking.OFF ? shortTtlNanos : Math.max(shortTtlNanos, tracking.trackedTtlNanos());
    }

    /**
     * After a put with the tracked TTL: whether it may keep it. False when the bucket was invalidated, or tracking was
     * lost, since the read; the caller then expires the entry it just wrote.
     */
    public boolean stillValid(int bucket, long readAtNanos) {
        VarHandle.fullFence();
        return tracking.covers(readAtNanos) && !markedSince(bucket, readAtNanos);
    }

    /** Marks the bucket invalidated at {@code nowNanos}; the caller expires what it caches there next. */
    public void mark(int bucket, long nowNanos) {
        if (at != null) {
            AT.setVolatile(at, bucket & mask, nowNanos);
            VarHandle.fullFence();
        }
    }

    private boolean markedSince(int bucket, long readAtNanos) {
        if (at == null) {
            return false;
        }
        long marked = (long) AT.getVolatile(at, bucket & mask);
        // A mark in the same nanosecond as the reply may have come after it.
        return marked != 0 && marked - readAtNanos >= 0;
    }
}
