package io.streamrank.ranking.cache;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;

/**
 * A fixed-size cache from item id to an immutable value with a time-to-live, for the per-candidate lookups of the
 * ranking hot path (~500 per request; the catalog entries here, the item features in {@link ItemFeatureSlots}, which
 * keeps the same layout in a primitive array). It replaces Caffeine there (ADR 26): profiles showed
 * ~20 % of the service's CPU in Caffeine's {@code getIfPresent} and {@code put}, most of it waiting for memory while
 * following {@code ConcurrentHashMap} table → node → boxed key → cache node → value. Here a lookup reads one array
 * slot pair and the entry it points to.
 *
 * <p>Two-way set-associative: an id maps to a pair of adjacent slots (one cache line), a write takes the slot that
 * holds the same id, else an empty or expired one, else the one written earlier. So the cache never grows beyond its
 * slots, never resizes and never runs maintenance; eviction is by collision, which the item workload tolerates: a
 * lost entry is re-read in the request's batched Redis read that the cache misses of the same request already need.
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
    /** One bucket per slot pair. */
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
        int size = ttlNanos == 0 ? 2 : slotCount(maxItems);
        this.slots = new Entry[size];
        this.setMask = (size - 1) & ~1;
        this.marks = new InvalidationMarks(ttlNanos == 0 ? Tracking.OFF : tracking, size / 2);
    }

    static int slotCount(long maxItems) {
        long wanted = Math.max(2, Math.min(maxItems, MAX_SLOTS));
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
        int i = set(itemId);
        Entry<V> e = slots[i];
        if (e == null || e.itemId != itemId) {
            e = slots[i + 1];
            if (e == null || e.itemId != itemId) {
                return null;
            }
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
     * Whether a value for the item is cached, fresh or inside the serve-stale window: a look that claims nothing, for
     * reading values ahead of the request's own lookup (ADR 48).
     */
    public boolean holds(long itemId, long nowNanos) {
        int i = set(itemId);
        Entry<V> e = slots[i];
        if (e == null || e.itemId != itemId) {
            e = slots[i + 1];
            if (e == null || e.itemId != itemId) {
                return false;
            }
        }
        return nowNanos - e.expiresAtNanos < staleNanos;
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
        long ttl = marks.ttlNanos(ttlNanos, i >>> 1, readAtNanos);
        Entry<V> a = slots[i];
        Entry<V> b = slots[i + 1];
        Entry<V> same = a != null && a.itemId == itemId ? a : b != null && b.itemId == itemId ? b : null;
        Entry<V> written;
        if (same != null && same.value.equals(value)) {
            // Expiry first: a reader between the two writes sees a fresh value, not a stale one left unclaimed.
            same.expiresAtNanos = readAtNanos + ttl;
            same.refreshClaimed = false;
            written = same;
        } else {
            boolean second = chooseSecond(itemId, readAtNanos, a != null, a == null ? 0 : a.itemId,
                    a == null ? 0 : a.expiresAtNanos, b != null, b == null ? 0 : b.itemId,
                    b == null ? 0 : b.expiresAtNanos);
            written = new Entry<>(itemId, value, readAtNanos + ttl);
            slots[second ? i + 1 : i] = written;
        }
        if (ttl != ttlNanos && !marks.stillValid(i >>> 1, readAtNanos)) {
            expire(written, System.nanoTime());
        }
    }

    /**
     * Redis announced that the item's key changed (ADR 56): a cached value is stale from {@code nowNanos}, used for the
     * serve-stale window while the first reader's background read refreshes it, as past its TTL.
     */
    public void expire(long itemId, long nowNanos) {
        int i = set(itemId);
        marks.mark(i >>> 1, nowNanos);
        for (int s = i; s <= i + 1; s++) {
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
        for (int s = i; s <= i + 1; s++) {
            Entry<V> e = slots[s];
            if (e != null && e.itemId == itemId) {
                slots[s] = null;
            }
        }
    }

    private int set(long itemId) {
        return set(itemId, setMask);
    }

    /** The first slot of the item's pair. Ids are often sequential: mix them so neighbours spread over the table. */
    static int set(long itemId, int setMask) {
        long h = itemId * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & setMask;
    }

    /**
     * Which slot of a pair a put takes: the one that holds the same id, else an empty or expired one, else the one
     * written earlier (the one that expires first). True for the second slot.
     */
    static boolean chooseSecond(long itemId, long nowNanos, boolean usedA, long idA, long expiresA, boolean usedB,
                                long idB, long expiresB) {
        if (usedA && idA == itemId) {
            return false;
        }
        if (usedB && idB == itemId) {
            return true;
        }
        if (!usedA || nowNanos - expiresA >= 0) {
            return false;
        }
        if (!usedB || nowNanos - expiresB >= 0) {
            return true;
        }
        return expiresA - expiresB > 0;
    }
}
