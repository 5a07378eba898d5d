package io.streamrank.pipeline.features;

import io.streamrank.contract.features.FeatureNames;

/**
 * One neighbour's co-visit counts per hour bucket, as a slot of {@link CoVisitNeighbours}' map holds them
 * ({@link CoVisitSlot}): one {@code long} per bucket, oldest first, the bucket's index (its start in hours since the
 * epoch) in the upper 32 bits and its count in the lower 32. Slots are {@code long[]}s because a primitive array is
 * what Flink serialises cheapest (a length and 8 bytes per element, no per-field work as for a POJO), and RocksDB reads
 * and writes one on every co-visit. Arrays are never changed in place: every change returns a new one, so a value read
 * from heap state stays as it was.
 */
final class CoVisitBuckets {

    static final long BUCKET_MS = FeatureNames.COVISIT_BUCKET.toMillis();
    static final long WINDOW_MS = FeatureNames.COVISIT_WINDOW.toMillis();
    private static final long COUNT = 0xFFFF_FFFFL;
    private static final long[] NONE = new long[0];

    private CoVisitBuckets() {
    }

    /** {@code buckets} (null: none yet) with one more co-visit at event time {@code t}. */
    static long[] add(long[] buckets, long t) {
        long hour = Math.floorDiv(t, BUCKET_MS);
        if (buckets == null) {
            return new long[] {hour << 32 | 1};
        }
        int n = buckets.length;
        // Most co-visits land in the newest bucket, which is the last one.
        int pos = n;
        while (pos > 0 && (buckets[pos - 1] >>> 32) > hour) {
            pos--;
        }
        long[] out;
        if (pos > 0 && (buckets[pos - 1] >>> 32) == hour) {
            out = buckets.clone();
            if ((out[pos - 1] & COUNT) != COUNT) {
                out[pos - 1]++;
            }
            return out;
        }
        out = new long[n + 1];
        System.arraycopy(buckets, 0, out, 0, pos);
        out[pos] = hour << 32 | 1;
        System.arraycopy(buckets, pos, out, pos + 1, n - pos);
        return out;
    }

    /** The co-visits in the buckets still in the window at {@code asOf}. */
    static long count(long[] buckets, long asOf) {
        long sum = 0;
        for (long b : buckets) {
            if (start(b) > asOf - WINDOW_MS) {
                sum += b & COUNT;
            }
        }
        return sum;
    }

    /** {@code buckets} without those that left the window at {@code asOf}: the same array if none did. */
    static long[] evict(long[] buckets, long asOf) {
        int drop = 0;
        // Oldest first: the buckets that left are a prefix.
        while (drop < buckets.length && start(buckets[drop]) <= asOf - WINDOW_MS) {
            drop++;
        }
        if (drop == 0) {
            return buckets;
        }
        return drop == buckets.length ? NONE : java.util.Arrays.copyOfRange(buckets, drop, buckets.length);
    }

    private static long start(long bucket) {
        return (bucket >>> 32) * BUCKET_MS;
    }
}
