package io.streamrank.contract.features;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.event.EventType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-user feature state machine. The Flink job keeps one per user in keyed state; the trainer replays events
 * through the same class to get point-in-time features, so online and offline features cannot drift apart.
 *
 * <p>Public mutable array fields and a no-arg constructor make it a Flink POJO (no Kryo). Arrays are small and are
 * rebuilt on update, which keeps the code obvious.
 */
public final class UserFeatureState {

    /** Hard cap on events kept for the 5-minute window, so one hyperactive user cannot grow state without bound. */
    public static final int WINDOW_MAX_EVENTS = 1_000;

    private static final long WINDOW_MS = FeatureNames.USER_CATEGORY_WINDOW.toMillis();

    /** Recent interactions, newest first. */
    public long[] recentItems = new long[0];
    public long[] recentCategories = new long[0];
    public int[] recentTypes = new int[0];
    public long[] recentTimestamps = new long[0];
    /** Interactions inside the 5-minute window, in arrival order. */
    public long[] windowCategories = new long[0];
    public long[] windowTimestamps = new long[0];
    /** Newest event time seen: the time the windows are evaluated at. */
    public long maxTimestamp;

    public UserFeatureState() {
    }

    /** Applies one event. Impressions move time forward but are not interactions. */
    public void add(ClickEvent e) {
        maxTimestamp = Math.max(maxTimestamp, e.timestamp());
        if (e.type().isInteraction()) {
            insertRecent(e);
            windowCategories = append(windowCategories, e.categoryId());
            windowTimestamps = append(windowTimestamps, e.timestamp());
        }
        evictWindow(maxTimestamp);
    }

    /** Drops window entries that have left the 5-minute window at {@code asOf}. Returns true if any were dropped. */
    public boolean evictWindow(long asOf) {
        int n = windowTimestamps.length;
        int keep = 0;
        for (int i = 0; i < n; i++) {
            if (windowTimestamps[i] > asOf - WINDOW_MS) {
                keep++;
            }
        }
        int overflow = Math.max(0, keep - WINDOW_MAX_EVENTS);
        if (keep == n && overflow == 0) {
            return false;
        }
        long[] cats = new long[keep - overflow];
        long[] ts = new long[keep - overflow];
        int j = 0;
        int skipped = 0;
        for (int i = 0; i < n; i++) {
            if (windowTimestamps[i] > asOf - WINDOW_MS) {
                if (skipped++ < overflow) {
                    continue;
                }
                cats[j] = windowCategories[i];
                ts[j++] = windowTimestamps[i];
            }
        }
        windowCategories = cats;
        windowTimestamps = ts;
        return true;
    }

    /** Event time at which the oldest window entry leaves the window, or -1 if the window is empty. */
    public long nextWindowExpiry() {
        if (windowTimestamps.length == 0) {
            return -1L;
        }
        long oldest = Arrays.stream(windowTimestamps).min().getAsLong();
        return oldest + WINDOW_MS;
    }

    /** The features as of the newest event seen, stamped with {@code updatedAt} (wall clock). */
    public UserFeatures snapshot(long updatedAt) {
        return snapshot(maxTimestamp, updatedAt);
    }

    /** The features as of event time {@code asOf}: only window entries in {@code (asOf - 5 min, asOf]} count. */
    public UserFeatures snapshot(long asOf, long updatedAt) {
        Map<Long, Integer> counts = new HashMap<>();
        for (int i = 0; i < windowTimestamps.length; i++) {
            long t = windowTimestamps[i];
            if (t > asOf - WINDOW_MS && t <= asOf) {
                counts.merge(windowCategories[i], 1, Integer::sum);
            }
        }
        List<RecentItem> recent = new ArrayList<>(recentItems.length);
        for (int i = 0; i < recentItems.length; i++) {
            recent.add(new RecentItem(recentItems[i], recentCategories[i], EventType.fromCode(recentTypes[i]),
                    recentTimestamps[i]));
        }
        return new UserFeatures(recent, counts, maxTimestamp, asOf, updatedAt);
    }

    private void insertRecent(ClickEvent e) {
        int n = recentItems.length;
        // Newest first; an out-of-order event goes after every entry at least as new as it.
        int pos = 0;
        while (pos < n && recentTimestamps[pos] >= e.timestamp()) {
            pos++;
        }
        if (pos >= FeatureNames.RECENT_ITEMS_MAX) {
            return;
        }
        int len = Math.min(n + 1, FeatureNames.RECENT_ITEMS_MAX);
        recentItems = insert(recentItems, pos, e.itemId(), len);
        recentCategories = insert(recentCategories, pos, e.categoryId(), len);
        recentTimestamps = insert(recentTimestamps, pos, e.timestamp(), len);
        int[] types = new int[len];
        System.arraycopy(recentTypes, 0, types, 0, pos);
        types[pos] = e.type().code();
        System.arraycopy(recentTypes, pos, types, pos + 1, len - pos - 1);
        recentTypes = types;
    }

    private static long[] insert(long[] a, int pos, long v, int len) {
        long[] out = new long[len];
        System.arraycopy(a, 0, out, 0, pos);
        out[pos] = v;
        System.arraycopy(a, pos, out, pos + 1, len - pos - 1);
        return out;
    }

    private static long[] append(long[] a, long v) {
        long[] out = Arrays.copyOf(a, a.length + 1);
        out[a.length] = v;
        return out;
    }
}
