package io.streamrank.ranking.cache;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The layout of one {@link ItemSlots} slot in its slab and the seqlock that guards it. Static methods on the caller's
 * array: a lookup follows no reference but the slab's (ADR 74).
 *
 * <p>Each slot is eight longs, 64 bytes: a sequence number, the item id, the expiry, the four fields and the refresh
 * claim (the array's 16-byte header puts a slot across two adjacent cache lines). Readers and writers follow a
 * seqlock (as {@link java.util.concurrent.locks.StampedLock}'s optimistic reads do): a writer makes the sequence odd
 * with a compare-and-set, writes the fields and makes it even again with release semantics; a reader reads the
 * sequence (acquire), the fields, and the sequence again after an acquire fence, and uses the fields only when both
 * reads are the same even number. A reader that meets a write in progress, and a writer that meets another writer on
 * the same slot, treat it as a miss or drop their value: this is a cache, and a lost value is read again in the
 * request's batched Redis read.
 *
 * <p>The last long holds the sequence number of the value whose refresh was claimed, set with a compare-and-set, so a
 * new put (a new sequence number) makes it claimable again.
 */
final class SeqlockSlot {

    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    static final int STRIDE = 8;
    static final int ID = 1;
    static final int EXPIRES = 2;
    private static final int A = 3;
    private static final int B = 4;
    private static final int C = 5;
    private static final int D = 6;
    private static final int CLAIMED = 7;

    private SeqlockSlot() {
    }

    /** Whether the slot holds a value of the item, fresh or less than {@code staleNanos} past its expiry. */
    static boolean holds(long[] slab, int slot, long itemId, long nowNanos, long staleNanos) {
        long seq = (long) LONGS.getAcquire(slab, slot);
        if (seq == 0 || (seq & 1) != 0 || slab[slot + ID] != itemId) {
            return false;
        }
        long expires = slab[slot + EXPIRES];
        VarHandle.acquireFence();
        return (long) LONGS.getVolatile(slab, slot) == seq && nowNanos - expires < staleNanos;
    }

    /**
     * Copies the slot's fields into the columns when it holds a fresh value of the item, or, with {@code stale}, one
     * less than {@code staleNanos} past its expiry, whose refresh the first such reader claims.
     */
    static boolean read(long[] slab, int slot, long itemId, long nowNanos, long staleNanos, StaleValues stale,
                        ItemSlots.Columns into, int position) {
        long seq = (long) LONGS.getAcquire(slab, slot);
        // Zero: never written; odd: a write in progress.
        if (seq == 0 || (seq & 1) != 0 || slab[slot + ID] != itemId) {
            return false;
        }
        long expires = slab[slot + EXPIRES];
        // Written before the sequence is checked again: a torn copy is reported as a miss, whose columns are undefined.
        into.put(position, slab[slot + A], slab[slot + B], slab[slot + C], slab[slot + D]);
        VarHandle.acquireFence();
        if ((long) LONGS.getVolatile(slab, slot) != seq) {
            return false;
        }
        long late = nowNanos - expires;
        if (late >= 0) {
            if (stale == null || late >= staleNanos) {
                return false;
            }
            long claimed = (long) LONGS.getVolatile(slab, slot + CLAIMED);
            // A put racing this claim leaves it on the old sequence number: at worst one refresh too many.
            stale.used(itemId, claimed != seq && LONGS.compareAndSet(slab, slot + CLAIMED, claimed, seq));
        }
        return true;
    }

    /** Gives up the claim on the refresh of the slot's value if it is the item's (zero is nobody's claim). */
    static void release(long[] slab, int slot, long itemId) {
        if (slab[slot + ID] == itemId) {
            LONGS.setVolatile(slab, slot + CLAIMED, 0L);
        }
    }

    /**
     * Takes the slot for a write: its (even) sequence number before, or -1 when another writer holds it and this
     * value is to be dropped. Sequence numbers count up from zero and never reach the sign bit.
     */
    static long lock(long[] slab, int slot) {
        long seq = (long) LONGS.getVolatile(slab, slot);
        return (seq & 1) != 0 || !LONGS.compareAndSet(slab, slot, seq, seq + 1) ? -1 : seq;
    }

    /** Gives the slot back with nothing written: readers see the same sequence number as before {@link #lock}. */
    static void unlock(long[] slab, int slot, long seq) {
        LONGS.setRelease(slab, slot, seq);
    }

    /** Writes the item's value into the slot taken with {@link #lock} (which returned {@code seq}) and publishes it. */
    static void write(long[] slab, int slot, long seq, long itemId, long expires, long a, long b, long c, long d) {
        slab[slot + ID] = itemId;
        slab[slot + EXPIRES] = expires;
        slab[slot + A] = a;
        slab[slot + B] = b;
        slab[slot + C] = c;
        slab[slot + D] = d;
        LONGS.setRelease(slab, slot, seq + 2);
    }

    /**
     * Moves the slot's expiry to {@code nowNanos} if it holds the item and expires later. A write in progress is waited
     * for (writers hold a slot for a few stores): the value it writes may be the one to expire. A new sequence number
     * makes the refresh of the now stale value claimable again.
     */
    static void expire(long[] slab, int slot, long itemId, long nowNanos) {
        while (true) {
            long seq = (long) LONGS.getVolatile(slab, slot);
            if ((seq & 1) != 0) {
                Thread.onSpinWait();
                continue;
            }
            if (seq == 0 || slab[slot + ID] != itemId || slab[slot + EXPIRES] - nowNanos <= 0) {
                return;
            }
            if (LONGS.compareAndSet(slab, slot, seq, seq + 1)) {
                slab[slot + EXPIRES] = nowNanos;
                LONGS.setRelease(slab, slot, seq + 2);
                return;
            }
        }
    }
}
