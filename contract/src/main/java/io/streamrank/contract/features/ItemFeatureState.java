package io.streamrank.contract.features;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.event.EventType;
import java.util.Arrays;

/**
 * The per-item feature state machine: clicks in one-minute buckets, summed over a sliding hour. Shared by the Flink
 * job (keyed state) and the trainer (point-in-time replay). A Flink POJO.
 */
public final class ItemFeatureState {

    private static final long BUCKET_MS = FeatureNames.ITEM_BUCKET.toMillis();
    private static final long WINDOW_MS = FeatureNames.ITEM_CLICK_WINDOW.toMillis();

    public long categoryId;
    /** Bucket start times, ascending, and the clicks in each. */
    public long[] bucketStarts = new long[0];
    public int[] bucketClicks = new int[0];
    public long maxTimestamp;

    public ItemFeatureState() {
    }

    public void add(ClickEvent e) {
        // The newest event names the category, ties to the larger id, as in ItemStatsState: arrival order must not
        // decide it (the item key and the stats key would disagree, and a replay could settle elsewhere).
        if (e.timestamp() > maxTimestamp || (e.timestamp() == maxTimestamp && e.categoryId() > categoryId)) {
            categoryId = e.categoryId();
        }
        maxTimestamp = Math.max(maxTimestamp, e.timestamp());
        if (e.type() == EventType.CLICK) {
            long start = bucketStart(e.timestamp());
            int i = Arrays.binarySearch(bucketStarts, start);
            if (i >= 0) {
                bucketClicks[i]++;
            } else {
                int pos = -i - 1;
                bucketStarts = insert(bucketStarts, pos, start);
                int[] clicks = new int[bucketClicks.length + 1];
                System.arraycopy(bucketClicks, 0, clicks, 0, pos);
                clicks[pos] = 1;
                System.arraycopy(bucketClicks, pos, clicks, pos + 1, bucketClicks.length - pos);
                bucketClicks = clicks;
            }
        }
        evict(maxTimestamp);
    }

    /** Clicks in the hour ending at {@code asOf}, at bucket granularity (the current bucket and the 59 before it). */
    public int clicks1h(long asOf) {
        long oldest = oldestBucketInWindow(asOf);
        long newest = bucketStart(asOf);
        int sum = 0;
        for (int i = 0; i < bucketStarts.length; i++) {
            if (bucketStarts[i] >= oldest && bucketStarts[i] <= newest) {
                sum += bucketClicks[i];
            }
        }
        return sum;
    }

    /** Drops buckets that have left the window at {@code asOf}. Returns true if any were dropped. */
    public boolean evict(long asOf) {
        long oldest = oldestBucketInWindow(asOf);
        int drop = 0;
        while (drop < bucketStarts.length && bucketStarts[drop] < oldest) {
            drop++;
        }
        if (drop == 0) {
            return false;
        }
        bucketStarts = Arrays.copyOfRange(bucketStarts, drop, bucketStarts.length);
        bucketClicks = Arrays.copyOfRange(bucketClicks, drop, bucketClicks.length);
        return true;
    }

    /** Event time at which the oldest bucket leaves the window, or -1 if there are no buckets. */
    public long nextExpiry() {
        return bucketStarts.length == 0 ? -1L : bucketStarts[0] + WINDOW_MS;
    }

    public boolean hasClicks() {
        return bucketStarts.length > 0;
    }

    public ItemFeatures snapshot(long updatedAt) {
        return snapshot(maxTimestamp, updatedAt);
    }

    public ItemFeatures snapshot(long asOf, long updatedAt) {
        return new ItemFeatures(categoryId, clicks1h(asOf), asOf, updatedAt);
    }

    private static long oldestBucketInWindow(long asOf) {
        return bucketStart(asOf) - WINDOW_MS + BUCKET_MS;
    }

    private static long bucketStart(long t) {
        return Math.floorDiv(t, BUCKET_MS) * BUCKET_MS;
    }

    private static long[] insert(long[] a, int pos, long v) {
        long[] out = new long[a.length + 1];
        System.arraycopy(a, 0, out, 0, pos);
        out[pos] = v;
        System.arraycopy(a, pos, out, pos + 1, a.length - pos);
        return out;
    }
}
