package io.streamrank.ranking.cache;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;

/**
 * A fixed-size cache from item id to four numbers with a time-to-live, for the per-candidate lookups of the ranking
 * hot path (~500 per request): the item feature values ({@link ItemFeatureColumns}) and the catalog's request fields
 * ({@code CatalogColumns}). Everything lives in one primitive array: no entry or value object per item, which the
 * collector would copy (ADR 35), and no reference to follow on a hit (ADR 74). It replaced Caffeine (ADR 26): profiles
 * showed ~20 % of the service's CPU in Caffeine's {@code getIfPresent} and {@code put}, most of it waiting for memory
 * while following {@code ConcurrentHashMap} table → node → boxed key → cache node → value. A hit copies the numbers
 * into the request's columns (ADR 72).
 *
 * <p>{@value #WAYS}-way set-associative: an id maps to a set of adjacent slots, a put takes the slot that holds the
 * same id, else an empty or expired one, else the one that expires first. So the cache never grows beyond its slots,
 * never resizes and never runs maintenance; eviction is by collision, which the item workload tolerates: a lost value
 * is re-read in the request's batched Redis read. Eight ways, not two (ADR 56, ADR 57): once values stay cached until
 * Redis announces a change, a set of two slots that three used items map to evicts one of them on every use. Puts
 * fill a set's ways in order, so at the default size (~2 items per set of eight for the benchmark's 127,651 items) a
 * hit reads one or two slots, and only a miss reads all eight.
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
 * <p>Past its TTL a value is still returned for the serve-stale window to a reader that takes a {@link StaleValues}
 * (ADR 47), and the first such reader claims its refresh: the slot's last long holds the sequence number of the value
 * whose refresh was claimed, set with a compare-and-set, so a new put (a new sequence number) makes it claimable
 * again.
 */
public final class ItemSlots {

    /** Where a hit's four fields are copied: the request's columns, at the candidate's position. */
    public interface Columns {

        /** Sets the position's fields, in the order they were {@link #put}. */
        void put(int position, long a, long b, long c, long d);
    }

    /**
     * More slots than this are not allocated: 2^24 slots of 64 bytes are a 1 GiB array. The default (500,000 items,
     * rounded up to 2^19) is 32 MiB.
     */
    static final int MAX_SLOTS = 1 << 24;
    /** Slots per set (a power of two). */
    static final int WAYS = 8;

    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final int STRIDE = 8;
    private static final int ID = 1;
    private static final int EXPIRES = 2;
    private static final int A = 3;
    private static final int B = 4;
    private static final int C = 5;
    private static final int D = 6;
    private static final int CLAIMED = 7;

    /** Compared with {@link #touch}'s sum, which two sequence numbers (0 or more, counting up) never add up to. */
    private static final long TOUCH_MARK = -1L;

    private final long[] slab;
    private final int setMask;
    private final long ttlNanos;
    private final long staleNanos;
    /** One bucket per set. */
    private final InvalidationMarks marks;
    /** Set by {@link #touch} in the case that never happens; never read. */
    private boolean touched;

    /**
     * @param ttl        how long a value is returned after it was put; zero or negative turns the cache off
     * @param serveStale how long after the TTL a value is still returned, to readers that claim its refresh
     * @param maxItems   the number of slots, rounded up to a power of two (at least {@value #WAYS}, at most
     *                   {@link #MAX_SLOTS})
     * @param tracking   whether Redis announces changes of the cached keys: values read while it does are kept for
     *                   its longer TTL unless {@link #expire expired} (ADR 56)
     */
    public ItemSlots(Duration ttl, Duration serveStale, long maxItems, Tracking tracking) {
        this.ttlNanos = ttl.isNegative() ? 0 : ttl.toNanos();
        this.staleNanos = serveStale.isNegative() ? 0 : serveStale.toNanos();
        int size = ttlNanos == 0 ? WAYS : slotCount(maxItems);
        this.slab = new long[size * STRIDE];
        this.setMask = (size - 1) & ~(WAYS - 1);
        this.marks = new InvalidationMarks(ttlNanos == 0 ? Tracking.OFF : tracking, size / WAYS);
    }

    static int slotCount(long maxItems) {
        long wanted = Math.max(WAYS, Math.min(maxItems, MAX_SLOTS));
        return (int) Long.highestOneBit(wanted - 1) << 1;
    }

    /** Whether values are cached at all (a zero TTL turns the cache off). */
    public boolean enabled() {
        return ttlNanos > 0;
    }

    /**
     * Copies the value put for the item less than the TTL before {@code nowNanos} into the columns at
     * {@code position}, and past the TTL, inside the serve-stale window, the stale value; the first reader of a stale
     * value claims its refresh and owes it (a {@link #put}).
     *
     * @param nowNanos {@link System#nanoTime()}, read once per request by the caller
     * @param stale    where this request counts the stale values it used and collects the refreshes it owes;
     *                 {@code null}: fresh values only
     * @return whether the cache held a value; when not, the position's columns are undefined (a torn copy may have
     *         been written there)
     */
    public boolean read(long itemId, long nowNanos, StaleValues stale, Columns into, int position) {
        int first = set(itemId, setMask) * STRIDE;
        for (int slot = first; slot < first + WAYS * STRIDE; slot += STRIDE) {
            if (read(slot, itemId, nowNanos, stale, into, position)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Loads the first two slots of each item's set, the lines a lookup of it reads, ahead of the lookups (ADR 74). A
     * lookup waits for its line from memory (the slots are tens of MiB, read at random), and the branch on whether
     * the slot holds the item cannot be predicted, so a batch of lookups waited for one line after the other. These
     * loads have no branch between them and the processor keeps several in flight: {@code bin/bench-lookups} measured
     * 500 lookups with this first at 39 µs against 54 µs without, and never slower.
     */
    public void touch(long[] itemIds) {
        long sum = 0;
        for (long id : itemIds) {
            int first = set(id, setMask) * STRIDE;
            sum += slab[first] + slab[first + STRIDE];
        }
        // A use of the loads the JIT cannot drop; storing the sum every time would share this object's line between
        // the request threads.
        if (sum == TOUCH_MARK) {
            touched = true;
        }
    }

    /**
     * Whether a value for the item is cached, fresh or inside the serve-stale window: a look that claims and counts
     * nothing, for reading values ahead of the request's own lookup (ADR 48).
     */
    public boolean holds(long itemId, long nowNanos) {
        int first = set(itemId, setMask) * STRIDE;
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

    private boolean read(int slot, long itemId, long nowNanos, StaleValues stale, Columns into, int position) {
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

    /**
     * Gives up the claim on the item's refresh (its background read failed): the next reader of the stale value claims
     * it again. Sequence numbers are never zero once written, so a claim of zero is nobody's; releasing a claim a put
     * already replaced costs at most one refresh.
     */
    public void release(long itemId) {
        int set = set(itemId, setMask);
        for (int slot = set * STRIDE; slot < (set + WAYS) * STRIDE; slot += STRIDE) {
            if (slab[slot + ID] == itemId) {
                LONGS.setVolatile(slab, slot + CLAIMED, 0L);
            }
        }
    }

    /**
     * Caches the four fields for the TTL and the serve-stale window after it, from {@code readAtNanos}: when its reply
     * was read on the event loop, for tracked TTLs (ADR 56). Callers encode an absence in the fields. A value of the
     * item certainly read later is kept: puts may arrive out of the order of their reads.
     */
    public void put(long itemId, long a, long b, long c, long d, long readAtNanos) {
        if (ttlNanos == 0) {
            return;
        }
        int set = set(itemId, setMask);
        long ttl = marks.ttlNanos(ttlNanos, set / WAYS, readAtNanos);
        int slot = slotFor(set * STRIDE, itemId, readAtNanos);
        long seq = (long) LONGS.getVolatile(slab, slot);
        if ((seq & 1) != 0 || !LONGS.compareAndSet(slab, slot, seq, seq + 1)) {
            return;
        }
        if (seq != 0 && slab[slot + ID] == itemId
                && slab[slot + EXPIRES] - marks.longestTtlNanos(ttlNanos) - readAtNanos > 0) {
            // The slot holds the item as read after this value (its read time is at least its expiry less the longest
            // TTL): a request's read whose reply came before an upsert's write, put after it, must not bring back the
            // old value (this instance is not told of its own writes, ADR 56). Judged by read times, not expiries: a
            // newer value may have been given the short TTL. Nothing was written: the same sequence number.
            LONGS.setRelease(slab, slot, seq);
            return;
        }
        slab[slot + ID] = itemId;
        slab[slot + EXPIRES] = readAtNanos + ttl;
        slab[slot + A] = a;
        slab[slot + B] = b;
        slab[slot + C] = c;
        slab[slot + D] = d;
        LONGS.setRelease(slab, slot, seq + 2);
        if (ttl != ttlNanos && !marks.stillValid(set / WAYS, readAtNanos)) {
            expire(slot, itemId, System.nanoTime());
        }
    }

    /**
     * The slot of the set starting at {@code first} that a put takes: the one that holds the same id, else an empty or
     * expired one, else the one that expires first (written earliest). Racy reads are
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
        int set = set(itemId, setMask);
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

    /** The first slot of the item's set. Ids are often sequential: mix them so neighbours spread over the table. */
    static int set(long itemId, int setMask) {
        long h = itemId * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & setMask;
    }
}
