package io.streamrank.ranking.cache;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;

/**
 * A fixed-size cache from item id to an immutable value with a time-to-live, for the per-candidate lookups of the
 * ranking hot path (~500 per request; the catalog entries here, the item features in {@link ItemFeatureSlots}, which
 * keeps the same layout in a primitive array). It replaces Caffeine there (ADR 26): profiles showed
 * ~20 % of the service's CPU in Caffeine's {@code getIfPresent} and {@code put}, most of it waiting for memory while
 * following {@code ConcurrentHashMap} table → node → boxed key → cache node → value. Here a lookup reads a set of
 * adjacent array slots (one cache line) and the entry it points to.
 *
 * <p>{@value #WAYS}-way set-associative: an id maps to a set of adjacent slots, a write takes the slot that holds the
 * same id, else an empty or expired one, else the one written earliest. So the cache never grows beyond its slots,
 * never resizes and never runs maintenance; eviction is by collision, which the item workload tolerates: a lost entry
 * is re-read in the request's batched Redis read. Eight ways, not two (ADR 56, ADR 57): once values stay cached until
 * Redis announces a change, a set of two slots that three used items map to evicts one of them on every use, and at
 * the default size 4 % of the benchmark's 85,000 items shared a pair with two others (0.5 values read per answer, 32 %
 * of requests in a second Redis round). Four ways left 3 % of requests with a second round once the warm-up preloaded
 * the benchmark's 127,651 items (2,239 of them in sets of more than four, 507 never cached at once); eight ways of the
 * same memory leave 90 and 10. The references of a set are 32 bytes, one cache line or two; filled ways come first, so
 * a hit reads one or two of them.
 *
 * <p>Thread-safety without locks: slots hold entries whose id and value are final fields, so a reader sees either the
 * old or the new entry fully constructed (JLS 17.5); a write racing another on the same slot loses one of the two
 * values, which is only a later miss. Only the expiry (volatile) changes in place, when an equal value is put again; a
 * renewal racing a replacement renews an entry no slot holds any more, which is harmless. Values must be immutable,
 * with an {@code equals} that compares their content.
 *
 * <p>Past its TTL a value is still returned for the serve-stale window to a reader that takes a {@link StaleValues}
 * (ADR 47); the first such reader claims its refresh with a compare-and-set on the entry, which a put replaces.
 *
 * @param <V> the cached value type, immutable
 */
public final class ItemSlotCache<V> {

    /** More slots than this are not allocated (2^27 slots are a 512 MiB array with compressed references). */
    static final int MAX_SLOTS = 1 << 27;
    /** Slots per set (a power of two). */
    static final int WAYS = 8;

    private static final VarHandle CLAIMED;

    static {
        try {
            CLAIMED = MethodHandles.lookup().findVarHandle(Entry.class, "refreshClaimed", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final class Entry<V> {
        final long itemId;
        final V value;
        /** Moved on in place when the same value is put again (ADR 50). */
        volatile long expiresAtNanos;
        /**
         * Set by the reader that owes the refresh of this stale value (through {@link #CLAIMED}); cleared when the
         * refresh brought back the same value and the entry was renewed.
         */
        volatile boolean refreshClaimed;

        Entry(long itemId, V value, long expiresAtNanos) {
            this.itemId = itemId;
            this.value = value;
            this.expiresAtNanos = expiresAtNanos;
        }
    }

    private final Entry<V>[] slots;
    private final int setMask;
    private final long ttlNanos;
    private final long staleNanos;
    /** One bucket per set. */
    private final InvalidationMarks marks;

    /** A cache without a serve-stale window. */
    public ItemSlotCache(Duration ttl, long maxItems) {
        this(ttl, Duration.ZERO, maxItems);
    }

    /** A cache whose values are not tracked by Redis. */
    public ItemSlotCache(Duration ttl, Duration serveStale, long maxItems) {
        this(ttl, serveStale, maxItems, Tracking.OFF);
    }

    /**
     * @param ttl        how long a value is returned after it was put; zero or negative turns the cache off
     * @param serveStale how long after the TTL a value is still returned, to readers that claim its refresh
     * @param maxItems   the number of slots, rounded up to a power of two (at least 2, at most {@link #MAX_SLOTS})
     * @param tracking   whether Redis announces changes of the cached keys: values read while it does are kept for
     *                   its longer TTL unless {@link #expire expired} (ADR 56)
     */
    @SuppressWarnings("unchecked")
    public ItemSlotCache(Duration ttl, Duration serveStale, long maxItems, Tracking tracking) {
        this.ttlNanos = ttl.isNegative() ? 0 : ttl.toNanos();
        this.staleNanos = serveStale.isNegative() ? 0 : serveStale.toNanos();
        int size = ttlNanos == 0 ? WAYS : slotCount(maxItems);
        this.slots = new Entry[size];
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
     * The value put for the item less than the TTL before {@code nowNanos}, else {@code null}.
     *
     * @param nowNanos {@link System#nanoTime()}, read once per request by the caller
     */
    public V get(long itemId, long nowNanos) {
        return get(itemId, nowNanos, null);
    }

    /**
     * As {@link #get(long, long)}, and past the TTL, inside the serve-stale window, the stale value; the first reader
     * of a stale value claims its refresh and owes it (a {@link #put}).
     *
     * @param stale where this request counts the stale values it used and collects the refreshes it owes;
     *              {@code null}: fresh values only
     */
    public V get(long itemId, long nowNanos, StaleValues stale) {
        Entry<V> e = find(set(itemId), itemId);
        if (e == null) {
            return null;
        }
        long late = nowNanos - e.expiresAtNanos;
        if (late < 0) {
            return e.value;
        }
        if (stale == null || late >= staleNanos) {
            return null;
        }
        stale.used(itemId, !e.refreshClaimed && CLAIMED.compareAndSet(e, false, true));
        return e.value;
    }

    /**
     * Gives up the claim on the item's refresh (its background read failed): the next reader of the stale value claims
     * it again. A put since then may have replaced the entry; releasing a claim nobody holds costs at most one refresh.
     */
    public void release(long itemId) {
        Entry<V> e = find(set(itemId), itemId);
        if (e != null) {
            e.refreshClaimed = false;
        }
    }

    /**
     * Whether a value for the item is cached, fresh or inside the serve-stale window: a look that claims nothing, for
     * reading values ahead of the request's own lookup (ADR 48).
     */
    public boolean holds(long itemId, long nowNanos) {
        Entry<V> e = find(set(itemId), itemId);
        return e != null && nowNanos - e.expiresAtNanos < staleNanos;
    }

    /** The entry for the item in the set starting at slot {@code first}, or {@code null}; each slot read once. */
    private Entry<V> find(int first, long itemId) {
        for (int s = first; s < first + WAYS; s++) {
            Entry<V> e = slots[s];
            if (e != null && e.itemId == itemId) {
                return e;
            }
        }
        return null;
    }

    /** The slot holding the item in the set starting at slot {@code first}, or -1. */
    private int indexOf(int first, long itemId) {
        for (int s = first; s < first + WAYS; s++) {
            Entry<V> e = slots[s];
            if (e != null && e.itemId == itemId) {
                return s;
            }
        }
        return -1;
    }

    /**
     * Caches the value (never {@code null}) for the TTL and the serve-stale window after it, from {@code readAtNanos}:
     * when its reply was read on the event loop, for tracked TTLs (ADR 56). When the slot already holds an equal value
     * for the item, that entry is renewed in place instead (ADR 50): most puts re-read a value that did not change (a
     * refresh, a list read bringing its members' values along), and a new entry per put was the stream of objects that
     * outlived young collections and were copied by each of them.
     */
    public void put(long itemId, V value, long readAtNanos) {
        if (ttlNanos == 0) {
            return;
        }
        if (value == null) {
            throw new IllegalArgumentException("null value");
        }
        int i = set(itemId);
        long ttl = marks.ttlNanos(ttlNanos, i / WAYS, readAtNanos);
        int at = indexOf(i, itemId);
        Entry<V> same = at < 0 ? null : slots[at];
        Entry<V> written;
        // The slot read again may hold another item by now (a racing put): then this put takes it over.
        if (same != null && same.itemId == itemId && same.value.equals(value)) {
            // Expiry first: a reader between the two writes sees a fresh value, not a stale one left unclaimed.
            same.expiresAtNanos = readAtNanos + ttl;
            same.refreshClaimed = false;
            written = same;
        } else {
            written = new Entry<>(itemId, value, readAtNanos + ttl);
            slots[at >= 0 ? at : victim(i, readAtNanos)] = written;
        }
        if (ttl != ttlNanos && !marks.stillValid(i / WAYS, readAtNanos)) {
            expire(written, System.nanoTime());
        }
    }

    /**
     * The slot of the set starting at {@code first} that a put of an item the set does not hold takes: an empty or
     * expired one, else the one that expires first (written earliest). Racy reads: they only choose the slot.
     */
    private int victim(int first, long nowNanos) {
        int earliest = first;
        for (int s = first; s < first + WAYS; s++) {
            Entry<V> e = slots[s];
            if (e == null || nowNanos - e.expiresAtNanos >= 0) {
                return s;
            }
            if (e.expiresAtNanos - slots[earliest].expiresAtNanos < 0) {
                earliest = s;
            }
        }
        return earliest;
    }

    /**
     * Redis announced that the item's key changed (ADR 56): a cached value is stale from {@code nowNanos}, used for the
     * serve-stale window while the first reader's background read refreshes it, as past its TTL.
     */
    public void expire(long itemId, long nowNanos) {
        int i = set(itemId);
        marks.mark(i / WAYS, nowNanos);
        for (int s = i; s < i + WAYS; s++) {
            Entry<V> e = slots[s];
            if (e != null && e.itemId == itemId) {
                expire(e, nowNanos);
            }
        }
    }

    /** Every cached value is stale from {@code nowNanos} (invalidations may have been lost with the connection). */
    public void expireAll(long nowNanos) {
        for (Entry<V> e : slots) {
            if (e != null) {
                expire(e, nowNanos);
            }
        }
    }

    private static void expire(Entry<?> e, long nowNanos) {
        if (e.expiresAtNanos - nowNanos > 0) {
            e.expiresAtNanos = nowNanos;
        }
    }

    /** Drops the item's value, if cached. */
    public void invalidate(long itemId) {
        int i = set(itemId);
        for (int s = i; s < i + WAYS; s++) {
            Entry<V> e = slots[s];
            if (e != null && e.itemId == itemId) {
                slots[s] = null;
            }
        }
    }

    private int set(long itemId) {
        return set(itemId, setMask);
    }

    /** The first slot of the item's set. Ids are often sequential: mix them so neighbours spread over the table. */
    static int set(long itemId, int setMask) {
        long h = itemId * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & setMask;
    }
}
