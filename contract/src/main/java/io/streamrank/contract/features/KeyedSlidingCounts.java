package io.streamrank.contract.features;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts per key (e.g. per category) over a sliding event-time window in fixed time buckets, stored sparsely as
 * (bucket, key, count) entries sorted by bucket then key. Same window rule as {@link SlidingCounts}. At most
 * {@link #MAX_ENTRIES} entries are kept (the oldest buckets go first) so one hyperactive user cannot grow state
 * without bound. A Flink POJO.
 */
public final class KeyedSlidingCounts {

    public static final int MAX_ENTRIES = 2_048;

    public long bucketMs;
    public long windowMs;
    public long[] starts = new long[0];
    public long[] keys = new long[0];
    public int[] counts = new int[0];

    public KeyedSlidingCounts() {
    }

    public KeyedSlidingCounts(Duration bucket, Duration window) {
        if (bucket.isZero() || bucket.isNegative() || window.toMillis() % bucket.toMillis() != 0) {
            throw new IllegalArgumentException("window must be a positive multiple of the bucket");
        }
        this.bucketMs = bucket.toMillis();
        this.windowMs = window.toMillis();
    }

    public long bucketStart(long t) {
        return Math.floorDiv(t, bucketMs) * bucketMs;
    }

    public long expiryOf(long t) {
        return bucketStart(t) + windowMs;
    }

    /** Counts one occurrence of {@code key} at {@code t} unless its bucket already left the window at {@code clock}. */
    public boolean add(long t, long key, long clock) {
        long start = bucketStart(t);
        if (start <= clock - windowMs) {
            return false;
        }
        int n = starts.length;
        // Entries are sorted by (start, key); scan back from the end, where new events land.
        int pos = n;
        while (pos > 0 && (starts[pos - 1] > start || (starts[pos - 1] == start && keys[pos - 1] > key))) {
            pos--;
        }
        if (pos > 0 && starts[pos - 1] == start && keys[pos - 1] == key) {
            counts[pos - 1]++;
            return true;
        }
        starts = insert(starts, pos, start);
        keys = insert(keys, pos, key);
        int[] c = new int[n + 1];
        System.arraycopy(counts, 0, c, 0, pos);
        c[pos] = 1;
        System.arraycopy(counts, pos, c, pos + 1, n - pos);
        counts = c;
        if (starts.length > MAX_ENTRIES) {
            dropFirst(starts.length - MAX_ENTRIES);
        }
        return true;
    }

    /** Drops entries whose bucket has left the window at {@code asOf}. Returns true if any were dropped. */
    public boolean evict(long asOf) {
        int drop = 0;
        while (drop < starts.length && starts[drop] <= asOf - windowMs) {
            drop++;
        }
        if (drop == 0) {
            return false;
        }
        dropFirst(drop);
        return true;
    }

    /** Count per key over the window ending at {@code asOf}; keys with no count are absent. */
    public Map<Long, Integer> counts(long asOf) {
        Map<Long, Integer> out = new HashMap<>();
        long newest = bucketStart(asOf);
        for (int i = starts.length - 1; i >= 0 && starts[i] > asOf - windowMs; i--) {
            if (starts[i] <= newest) {
                out.merge(keys[i], counts[i], Integer::sum);
            }
        }
        return out;
    }

    public boolean isEmpty() {
        return starts.length == 0;
    }

    private void dropFirst(int drop) {
        starts = Arrays.copyOfRange(starts, drop, starts.length);
        keys = Arrays.copyOfRange(keys, drop, keys.length);
        counts = Arrays.copyOfRange(counts, drop, counts.length);
    }

    private static long[] insert(long[] a, int pos, long v) {
        long[] out = new long[a.length + 1];
        System.arraycopy(a, 0, out, 0, pos);
        out[pos] = v;
        System.arraycopy(a, pos, out, pos + 1, a.length - pos);
        return out;
    }
}
