package io.streamrank.registry.evaluation;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.event.EventType;
import io.streamrank.contract.features.FeatureNames;
import io.streamrank.registry.pairs.FeatureReplay;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Items clicked within the last hour and their {@code item.clicks_1h} as the feature job computes it (through the
 * replayed {@code ItemFeatureState}): what the served popularity sets {@code pop:all} and {@code pop:c:<cat>} hold.
 */
final class LastHour {

    /** A little more than the window: the state machine counts whole one-minute buckets. */
    private static final long HORIZON_MS = FeatureNames.ITEM_CLICK_WINDOW.toMillis()
            + 2 * FeatureNames.ITEM_BUCKET.toMillis();

    private final ArrayDeque<ClickEvent> clicks = new ArrayDeque<>();

    void observe(ClickEvent e) {
        if (e.type() == EventType.CLICK) {
            clicks.addLast(e);
        }
    }

    /** clicks_1h at {@code t} of every item that has any, from the replayed state. */
    Map<Long, Double> scores(long t, FeatureReplay replay) {
        while (!clicks.isEmpty() && clicks.peekFirst().timestamp() < t - HORIZON_MS) {
            clicks.removeFirst();
        }
        Set<Long> items = new HashSet<>();
        clicks.forEach(c -> items.add(c.itemId()));
        Map<Long, Double> out = new HashMap<>();
        for (long item : items) {
            int n = replay.item(item, t).clicks1h();
            if (n > 0) {
                out.put(item, (double) n);
            }
        }
        return out;
    }

    /**
     * {member id, score} pairs in the order {@code ZREVRANGE} returns a sorted set's members, as the service reads
     * {@code pop:} and {@code cv:}: highest score first, equal scores in reverse order of the members' strings.
     */
    static final Comparator<long[]> AS_ZREVRANGE = (a, b) -> a[1] != b[1] ? Long.compare(b[1], a[1])
            : Long.toString(b[0]).compareTo(Long.toString(a[0]));

    /** The top {@code n} items of {@code scores} in {@code ZREVRANGE}'s order ({@link #AS_ZREVRANGE}). */
    static List<Long> top(Map<Long, Double> scores, int n, Long categoryFilter, Catalog catalog) {
        List<long[]> items = new ArrayList<>();
        for (Map.Entry<Long, Double> e : scores.entrySet()) {
            if (categoryFilter == null || catalog.categoryOf(e.getKey()) == categoryFilter) {
                // clicks_1h is a count: exact as a long.
                items.add(new long[] {e.getKey(), Math.round(e.getValue())});
            }
        }
        items.sort(AS_ZREVRANGE);
        List<Long> out = new ArrayList<>(Math.min(n, items.size()));
        for (int i = 0; i < items.size() && i < n; i++) {
            out.add(items.get(i)[0]);
        }
        return out;
    }
}
