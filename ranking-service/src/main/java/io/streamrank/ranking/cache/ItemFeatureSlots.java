package io.streamrank.ranking.cache;

import io.streamrank.contract.features.ItemFeatures;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;

/**
 * {@link ItemSlotCache}'s set-associative layout for item feature values, with the values held in one
 * primitive array instead of an entry and a value object per item (ADR 35). The cached values live about a second, so
 * with objects each one outlived one or two young collections and was copied each time: ~10 MB per collection under
 * load, most of every G1 pause. Here the cache is one long-lived {@code long[]} the collector never copies; a put
 * stores numbers, and a hit copies them into the request's {@link ItemFeatureColumns} (ADR 72; it built an
 * {@code ItemFeatures} per hit before, garbage that died young but made young collections come more often).
 *
 * <p>Each slot is one cache line of eight longs: a sequence number, the item id, the expiry, the four feature fields
 * and the refresh claim. Readers and writers follow a seqlock (as {@link java.util.concurrent.locks.StampedLock}'s
 * optimistic reads do): a writer makes the sequence odd with a compare-and-set, writes the fields and makes it even
 * again with release semantics; a reader reads the sequence (acquire), the fields, and the sequence again after an
 * acquire fence, and uses the fields only when both reads are the same even number. A reader that meets a write in
 * progress, and a writer that meets another writer on the same slot, treat it as a miss or drop their value: this is a
 * cache, and a lost value is read again in the request's batched Redis read.
 *
 * <p>Past its TTL a value is still returned for the serve-stale window to a reader that takes a {@link StaleValues}
 * (ADR 47), and the first such reader claims its refresh: the slot's last long holds the sequence number of the value
 * whose refresh was claimed, set with a compare-and-set, so a new put (a new sequence number) makes it claimable
 * again.
 *
 * <p>As many ways as {@link ItemSlotCache} (eight, ADR 57). A lookup reads one slot's line per way it passes; puts fill
 * a set's ways in order, so at the default size (~2 items per set of eight for the benchmark's 127,651 items) a hit
 * reads one or two lines, and only a miss reads all eight.
 */
public final class ItemFeatureSlots {

    /**
     * More slots than this are not allocated: 2^24 slots of 64 bytes are a 1 GiB array. The default (500,000 items,
     * rounded up to 2^19) is 32 MiB.
     */
    static final int MAX_SLOTS = 1 << 24;

    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final int STRIDE = 8;
    private static final int WAYS = ItemSlotCache.WAYS;
    private static final int ID = 1;
    private static final int EXPIRES = 2;
    private static final int CATEGORY = 3;
    private static final int CLICKS = 4;
    private static final int AS_OF = 5;
    private static final int UPDATED_AT = 6;
    private static final int CLAIMED = 7;

    private final long[] slab;
    private final int setMask;
    private final long ttlNanos;
    private final long staleNanos;
    /** One bucket per set. */
    private final InvalidationMarks marks;

    /** A cache without a serve-stale window. */
    public ItemFeatureSlots(Duration ttl, long maxItems) {
        this(ttl, Duration.ZERO, maxItems);
    }

    /** A cache whose values are not tracked by Redis. */
    public ItemFeatureSlots(Duration ttl, Duration serveStale, long maxItems) {
        this(ttl, serveStale, maxItems, Tracking.OFF);
    }

    /**
     * @param ttl        how long a value is returned after it was put; zero or negative turns the cache off
     * @param serveStale how long after the TTL a value is still returned, to readers that claim its refresh
     * @param maxItems   the number of slots, rounded up to a power of two (at least 2, at most {@link #MAX_SLOTS})
     * @param tracking   whether Redis announces changes of the cached keys (as for {@link ItemSlotCache}, ADR 56)
     */
    public ItemFeatureSlots(Duration ttl, Duration serveStale, long maxItems, Tracking tracking) {
        this.ttlNanos = ttl.isNegative() ? 0 : ttl.toNanos();
        this.staleNanos = serveStale.isNegative() ? 0 : serveStale.toNanos();
        int size = ttlNanos == 0 ? WAYS : ItemSlotCache.slotCount(Math.min(maxItems, MAX_SLOTS));
        this.slab = new long[size * STRIDE];
        this.setMask = (size - 1) & ~(WAYS - 1);
        this.marks = new InvalidationMarks(ttlNanos == 0 ? Tracking.OFF : tracking, size / WAYS);
    }

    /** Whether values are cached at all (a zero TTL turns the cache off). */
    public boolean enabled() {
        return ttlNanos > 0;
    }

    /**
     * The value put for the item less than the TTL before {@code nowNanos}, else {@code null}; absent values put as
     * {@link ItemFeatures#MISSING} come back as that constant.
     *
     * @param nowNanos {@link System#nanoTime()}, read once per request by the caller
     */
    public ItemFeatures get(long itemId, long nowNanos) {
        return get(itemId, nowNanos, null);
    }

    /**
     * As {@link #get(long, long)}, and past the TTL, inside the serve-stale window, the stale value; the first reader
     * of a stale value claims its refresh and owes it (a {@link #put}).
     *
     * @param stale where this request counts the stale values it used and collects the refreshes it owes;
     *              {@code null}: fresh values only
     */
    public ItemFeatures get(long itemId, long nowNanos, StaleValues stale) {
        ItemFeatureColumns one = new ItemFeatureColumns(1, true);
        if (!read(itemId, nowNanos, stale, one, 0)) {
            return null;
        }
        long category = one.categoryId(0);
        return category == 0 ? ItemFeatures.MISSING
                : new ItemFeatures(category, one.clicks1h(0), one.asOf(0), one.updatedAt(0));
    }

    /**
     * As {@link #get(long, long, StaleValues)}, the value written into the columns at {@code position} instead of
     * returned: the request path's lookup, which builds no object per item (ADR 72).
     *
     * @return whether the cache held a value (category 0 when it holds {@link ItemFeatures#MISSING}); when not, the
     *         position's columns are undefined
     */
    public boolean read(long itemId, long nowNanos, StaleValues stale, ItemFeatureColumns into, int position) {
        int first = ItemSlotCache.set(itemId, setMask) * STRIDE;
        for (int slot = first; slot < first + WAYS * STRIDE; slot += STRIDE) {
            if (read(slot, itemId, nowNanos, stale, into, position)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a value for the item is cached, fresh or inside the serve-stale window: a look that claims and counts
     * nothing, for reading values ahead of the request's own lookup (ADR 48).
     */
    public boolean holds(long itemId, long nowNanos) {
        int first = ItemSlotCache.set(itemId, setMask) * STRIDE;
        for (int slot = first; slot < first + WAYS * STRIDE; slot += STRIDE) {
            if (holds(slot, itemId, nowNanos)) {
                return true;
            }
        }
        return false;
    }

    private boolean holds(int slot, long itemId, long nowNanos) {
        long seq = (long) LONGS.getAcquire(slab, slot);
        if (seq == 0 || (seq & 1) != 0 || slab[slot + ID] != itemId) {
            return false;
        }
        long expires = slab[slot + EXPIRES];
        VarHandle.acquireFence();
        return (long) LONGS.getVolatile(slab, slot) == seq && nowNanos - expires < staleNanos;
    }

    private boolean read(int slot, long itemId, long nowNanos, StaleValues stale, ItemFeatureColumns into,
                         int position) {
        long seq = (long) LONGS.getAcquire(slab, slot);
        // Zero: never written; odd: a write in progress.
        if (seq == 0 || (seq & 1) != 0 || slab[slot + ID] != itemId) {
            return false;
        }
        long expires = slab[slot + EXPIRES];
        // Written before the sequence is checked again: a torn copy is reported as a miss, whose columns are undefined.
        into.put(position, slab[slot + CATEGORY], (int) slab[slot + CLICKS], slab[slot + AS_OF],
                slab[slot + UPDATED_AT]);
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

    /**
     * Gives up the claim on the item's refresh (its background read failed): the next reader of the stale value claims
     * it again. Sequence numbers are never zero once written, so a claim of zero is nobody's; releasing a claim a put
     * already replaced costs at most one refresh.
     */
    public void release(long itemId) {
        int set = ItemSlotCache.set(itemId, setMask);
        for (int slot = set * STRIDE; slot < (set + WAYS) * STRIDE; slot += STRIDE) {
            if (slab[slot + ID] == itemId) {
                LONGS.setVolatile(slab, slot + CLAIMED, 0L);
            }
        }
    }

    /**
     * Caches the value (never {@code null}) for the TTL and the serve-stale window after it, from {@code readAtNanos}:
     * when its reply was read on the event loop, for tracked TTLs (ADR 56).
     */
    public void put(long itemId, ItemFeatures value, long readAtNanos) {
        if (ttlNanos == 0) {
            return;
        }
        if (value == null) {
            throw new IllegalArgumentException("null value");
        }
        int set = ItemSlotCache.set(itemId, setMask);
        long ttl = marks.ttlNanos(ttlNanos, set / WAYS, readAtNanos);
        int slot = slotFor(set * STRIDE, itemId, readAtNanos);
        long seq = (long) LONGS.getVolatile(slab, slot);
        if ((seq & 1) != 0 || !LONGS.compareAndSet(slab, slot, seq, seq + 1)) {
            return;
        }
        slab[slot + ID] = itemId;
        slab[slot + EXPIRES] = readAtNanos + ttl;
        slab[slot + CATEGORY] = value.categoryId();
        slab[slot + CLICKS] = value.clicks1h();
        slab[slot + AS_OF] = value.asOf();
        slab[slot + UPDATED_AT] = value.updatedAt();
        LONGS.setRelease(slab, slot, seq + 2);
        if (ttl != ttlNanos && !marks.stillValid(set / WAYS, readAtNanos)) {
            expire(slot, itemId, System.nanoTime());
        }
    }

    /**
     * The slot of the set starting at {@code first} that a put takes: the one that holds the same id, else an empty or
     * expired one, else the one that expires first (written earliest), as in {@link ItemSlotCache}. Racy reads are
     * fine here: they only choose the slot, the sequence number guards the write itself.
     */
    private int slotFor(int first, long itemId, long nowNanos) {
        int end = first + WAYS * STRIDE;
        for (int slot = first; slot < end; slot += STRIDE) {
            if (slab[slot] != 0 && slab[slot + ID] == itemId) {
                return slot;
            }
        }
        int earliest = first;
        for (int slot = first; slot < end; slot += STRIDE) {
            if (slab[slot] == 0 || nowNanos - slab[slot + EXPIRES] >= 0) {
                return slot;
            }
            if (slab[slot + EXPIRES] - slab[earliest + EXPIRES] < 0) {
                earliest = slot;
            }
        }
        return earliest;
    }

    /**
     * Redis announced that the item's key changed (ADR 56): a cached value is stale from {@code nowNanos}, used for the
     * serve-stale window while the first reader's background read refreshes it, as past its TTL.
     */
    public void expire(long itemId, long nowNanos) {
        int set = ItemSlotCache.set(itemId, setMask);
        marks.mark(set / WAYS, nowNanos);
        for (int slot = set * STRIDE; slot < (set + WAYS) * STRIDE; slot += STRIDE) {
            expire(slot, itemId, nowNanos);
        }
    }

    /** Every cached value is stale from {@code nowNanos} (invalidations may have been lost with the connection). */
    public void expireAll(long nowNanos) {
        for (int slot = 0; slot < slab.length; slot += STRIDE) {
            expire(slot, slab[slot + ID], nowNanos);
        }
    }

    /**
     * Moves the slot's expiry to {@code nowNanos} if it holds the item and expires later. A write in progress is waited
     * for (writers hold a slot for a few stores): the value it writes may be the one to expire. A new sequence number
     * makes the refresh of the now stale value claimable again.
     */
    private void expire(int slot, long itemId, long nowNanos) {
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
