package io.streamrank.contract.features;

import java.time.Duration;
import java.util.Arrays;

/**
 * Counters over a sliding event-time window kept in fixed-width time buckets: {@code width} counters per bucket (e.g.
 * one per behaviour), only buckets that saw an event are stored. A bucket starting at {@code s} is inside the window
 * at time {@code asOf} while {@code s > asOf - window}, i.e. the window is exact to one bucket and slides bucket by
 * bucket. A Flink POJO (public fields, no-arg constructor).
 *
 * <p>Adding and evicting commute: the final counts depend only on which events were added and the latest evaluation
 * time, never on their order, so replays and the batch path converge on the same values.
 */
public final class SlidingCounts {

    public long bucketMs;
    public long windowMs;
    public int width;
    /** Bucket start times, ascending. */
    public long[] starts = new long[0];
    /** {@code width} counters per bucket, bucket-major. */
    public int[] counts = new int[0];

    public SlidingCounts() {
    }

    public SlidingCounts(Duration bucket, Duration window, int width) {
        if (bucket.isZero() || bucket.isNegative() || window.toMillis() % bucket.toMillis() != 0 || width < 1) {
            throw new IllegalArgumentException("window must be a positive multiple of the bucket, width >= 1");
        }
        this.bucketMs = bucket.toMillis();
        this.windowMs = window.toMillis();
        this.width = width;
    }

    public long bucketStart(long t) {
        return Math.floorDiv(t, bucketMs) * bucketMs;
    }

    /** Event time at which the bucket holding {@code t} leaves the window. */
    public long expiryOf(long t) {
        return bucketStart(t) + windowMs;
    }

    /**
     * Counts one occurrence in counter {@code slot} at event time {@code t}, unless its bucket has already left the
     * window at {@code clock} (then it could never be counted again). Returns true if a counter changed.
     */
    public boolean add(long t, int slot, long clock) {
        long start = bucketStart(t);
        if (start <= clock - windowMs) {
            return false;
        }
        int n = starts.length;
        int i;
        if (n > 0 && starts[n - 1] == start) {
            i = n - 1;
        } else {
            i = Arrays.binarySearch(starts, start);
            if (i < 0) {
                i = -i - 1;
                insertBucket(i, start);
            }
        }
        counts[i * width + slot]++;
        return true;
    }

    /** Drops buckets that have left the window at {@code asOf}. Returns true if any were dropped. */
    public boolean evict(long asOf) {
        int drop = 0;
        while (drop < starts.length && starts[drop] <= asOf - windowMs) {
            drop++;
        }
        if (drop == 0) {
            return false;
        }
        starts = Arrays.copyOfRange(starts, drop, starts.length);
        counts = Arrays.copyOfRange(counts, drop * width, counts.length);
        return true;
    }

    /** Counter {@code slot} summed over the window ending at {@code asOf}. */
    public int sum(int slot, long asOf) {
        return sumSince(slot, asOf, windowMs);
    }

    /** Counter {@code slot} summed over the last {@code spanMs} (a multiple of the bucket, at most the window). */
    public int sumSince(int slot, long asOf, long spanMs) {
        long newest = bucketStart(asOf);
        int sum = 0;
        for (int i = starts.length - 1; i >= 0; i--) {
            long s = starts[i];
            if (s <= asOf - spanMs) {
                break;
            }
            if (s <= newest) {
                sum += counts[i * width + slot];
            }
        }
        return sum;
    }

    /** Every counter summed over the window ending at {@code asOf}. */
    public int[] sums(long asOf) {
        int[] out = new int[width];
        long newest = bucketStart(asOf);
        for (int i = starts.length - 1; i >= 0 && starts[i] > asOf - windowMs; i--) {
            if (starts[i] <= newest) {
                for (int k = 0; k < width; k++) {
                    out[k] += counts[i * width + k];
                }
            }
        }
        return out;
    }

    public boolean isEmpty() {
        return starts.length == 0;
    }

    private void insertBucket(int pos, long start) {
        long[] s = new long[starts.length + 1];
        System.arraycopy(starts, 0, s, 0, pos);
        s[pos] = start;
        System.arraycopy(starts, pos, s, pos + 1, starts.length - pos);
        int[] c = new int[counts.length + width];
        System.arraycopy(counts, 0, c, 0, pos * width);
        System.arraycopy(counts, pos * width, c, (pos + 1) * width, counts.length - pos * width);
        starts = s;
        counts = c;
    }
}
