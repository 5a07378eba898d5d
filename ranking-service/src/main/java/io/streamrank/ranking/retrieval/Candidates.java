package io.streamrank.ranking.retrieval;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * De-duplicated candidates in retrieval order, each tagged with every source that produced it. Ids and source masks
 * are primitive arrays indexed through an open-addressing table: merging ~700 offers per request into a
 * {@code LinkedHashMap<Long, Integer>} boxed every id and allocated an entry per candidate.
 */
public final class Candidates {

    private final long[] ids;
    private final int[] masks;
    /** Open addressing, linear probing: position + 1 of the id in {@link #ids}, 0 for an empty slot. */
    private final int[] table;
    private final int shift;
    private int size;
    private boolean readRedis;

    public Candidates(int capacity) {
        this.ids = new long[Math.max(0, capacity)];
        this.masks = new int[ids.length];
        // At most half full: probes stay short (~1.5 for an id present) and the table is 4 KB at 500 candidates, where
        // a quarter full made it 8 KB of each request's garbage (ADR 72).
        int slots = Integer.highestOneBit(Math.max(2, ids.length * 2 - 1)) << 1;
        this.table = new int[slots];
        this.shift = Long.numberOfLeadingZeros(slots - 1);
    }

    /** All the ids with one source, in the given order, up to the capacity. */
    public static Candidates of(List<Long> ids, Source source, int capacity) {
        Candidates c = new Candidates(capacity);
        ids.forEach(id -> c.offer(id, source));
        return c;
    }

    /**
     * Adds the item if there is room, or tags it if present.
     *
     * @return true if the item is (now) a candidate
     */
    public boolean offer(long itemId, Source source) {
        int slot = slot(itemId);
        int at = table[slot];
        if (at != 0) {
            masks[at - 1] |= source.bit();
            return true;
        }
        if (size >= ids.length) {
            return false;
        }
        ids[size] = itemId;
        masks[size] = source.bit();
        table[slot] = ++size;
        return true;
    }

    /** The table slot holding the id, or the empty slot where it would go. */
    private int slot(long itemId) {
        int mask = table.length - 1;
        int slot = (int) ((itemId * 0x9E3779B97F4A7C15L) >>> shift) & mask;
        while (table[slot] != 0 && ids[table[slot] - 1] != itemId) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    /** Marks that retrieval needed a Redis round (some list was not cached). */
    void readRedis() {
        readRedis = true;
    }

    /** Whether retrieval needed a Redis round for these candidates. */
    public boolean wereReadFromRedis() {
        return readRedis;
    }

    public boolean isFull() {
        return size >= ids.length;
    }

    public int size() {
        return size;
    }

    /**
     * The candidates' ids in retrieval order, not to be modified: the array behind a full set (the usual case, the
     * candidate count reached; no later offer can change it), else a trimmed copy.
     */
    public long[] ids() {
        return size == ids.length ? ids : Arrays.copyOf(ids, size);
    }

    /** Source bit mask of a candidate, 0 if it is none. */
    public int sources(long itemId) {
        int at = table[slot(itemId)];
        return at == 0 ? 0 : masks[at - 1];
    }

    /** How many candidates each source contributed (a candidate counts for each of its sources). */
    public Map<String, Integer> countBySource() {
        Map<Source, Integer> counts = new EnumMap<>(Source.class);
        for (int i = 0; i < size; i++) {
            for (Source s : Source.values()) {
                if ((masks[i] & s.bit()) != 0) {
                    counts.merge(s, 1, Integer::sum);
                }
            }
        }
        Map<String, Integer> out = new LinkedHashMap<>();
        counts.forEach((s, n) -> out.put(s.label(), n));
        return out;
    }
}
