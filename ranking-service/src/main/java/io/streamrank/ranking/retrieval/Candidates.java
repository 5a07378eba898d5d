package io.streamrank.ranking.retrieval;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** De-duplicated candidates in retrieval order, each tagged with every source that produced it. */
public final class Candidates {

    private final LinkedHashMap<Long, Integer> sources;
    private final int capacity;
    private boolean readRedis;

    public Candidates(int capacity) {
        this.capacity = capacity;
        this.sources = new LinkedHashMap<>(Math.max(16, capacity * 2));
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
        Integer mask = sources.get(itemId);
        if (mask != null) {
            sources.put(itemId, mask | source.bit());
            return true;
        }
        if (sources.size() >= capacity) {
            return false;
        }
        sources.put(itemId, source.bit());
        return true;
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
        return sources.size() >= capacity;
    }

    public int size() {
        return sources.size();
    }

    /** The candidates' ids in retrieval order (a new array). */
    public long[] ids() {
        long[] out = new long[sources.size()];
        int i = 0;
        for (Long id : sources.keySet()) {
            out[i++] = id;
        }
        return out;
    }

    /** Source bit mask of a candidate, 0 if it is none. */
    public int sources(long itemId) {
        return sources.getOrDefault(itemId, 0);
    }

    /** How many candidates each source contributed (a candidate counts for each of its sources). */
    public Map<String, Integer> countBySource() {
        Map<Source, Integer> counts = new EnumMap<>(Source.class);
        for (int mask : sources.values()) {
            for (Source s : Source.values()) {
                if ((mask & s.bit()) != 0) {
                    counts.merge(s, 1, Integer::sum);
                }
            }
        }
        Map<String, Integer> out = new LinkedHashMap<>();
        counts.forEach((s, n) -> out.put(s.label(), n));
        return out;
    }
}
