package io.streamrank.ranking.cache;

import static io.streamrank.ranking.cache.SeqlockSlot.EXPIRES;
import static io.streamrank.ranking.cache.SeqlockSlot.ID;
import static io.streamrank.ranking.cache.SeqlockSlot.STRIDE;

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
 * fill a set's ways in order ({@link Eviction}), so at the default size (~2 items per set of eight for the benchmark's
 * 127,651 items) a hit reads one or two slots, and only a miss reads all eight. Each slot is eight longs guarded by a
 * seqlock ({@link SeqlockSlot}).
 *
 * <p>Past its TTL a value is still returned for the serve-stale window to a reader that takes a {@link StaleValues}
 * (ADR 47), and the first such reader claims its refresh.
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
            if (SeqlockSlot.read(slab, slot, itemId, nowNanos, staleNanos, stale, into, position)) {
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
            if (SeqlockSlot.holds(slab, slot, itemId, nowNanos, staleNanos)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Gives up the claim on the item's refresh (its background read failed): the next reader of the stale value claims
     * it again. Sequence numbers are never zero once written, so a claim of zero is nobody's; releasing a claim a put
     * already replaced costs at most one refresh.
     */
    public void release(long itemId) {
        int set = set(itemId, setMask);
        for (int slot = set * STRIDE; slot < (set + WAYS) * STRIDE; slot += STRIDE) {
            SeqlockSlot.release(slab, slot, itemId);
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
        int slot = Eviction.slotFor(slab, set * STRIDE, itemId, readAtNanos);
        long seq = SeqlockSlot.lock(slab, slot);
        if (seq < 0) {
            return;
        }
        if (seq != 0 && slab[slot + ID] == itemId
                && slab[slot + EXPIRES] - marks.longestTtlNanos(ttlNanos) - readAtNanos > 0) {
            // The slot holds the item as read after this value (its read time is at least its expiry less the longest
            // TTL): a request's read whose reply came before an upsert's write, put after it, must not bring back the
            // old value (this instance is not told of its own writes, ADR 56). Judged by read times, not expiries: a
            // newer value may have been given the short TTL. Nothing was written: the same sequence number.
            SeqlockSlot.unlock(slab, slot, seq);
            return;
        }
        SeqlockSlot.write(slab, slot, seq, itemId, readAtNanos + ttl, a, b, c, d);
        if (ttl != ttlNanos && !marks.stillValid(set / WAYS, readAtNanos)) {
            SeqlockSlot.expire(slab, slot, itemId, System.nanoTime());
        }
    }

    /**
     * Redis announced that the item's key changed (ADR 56): a cached value is stale from {@code nowNanos}, used for the
     * serve-stale window while the first reader's background read refreshes it, as past its TTL.
     */
    public void expire(long itemId, long nowNanos) {
        int set = set(itemId, setMask);
        marks.mark(set / WAYS, nowNanos);
        for (int slot = set * STRIDE; slot < (set + WAYS) * STRIDE; slot += STRIDE) {
            SeqlockSlot.expire(slab, slot, itemId, nowNanos);
        }
    }

    /** Every cached value is stale from {@code nowNanos} (invalidations may have been lost with the connection). */
    public void expireAll(long nowNanos) {
        for (int slot = 0; slot < slab.length; slot += STRIDE) {
            SeqlockSlot.expire(slab, slot, slab[slot + ID], nowNanos);
        }
    }

    /** The first slot of the item's set. Ids are often sequential: mix them so neighbours spread over the table. */
    static int set(long itemId, int setMask) {
        long h = itemId * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & setMask;
    }
}
