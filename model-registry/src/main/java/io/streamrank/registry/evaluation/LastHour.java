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

    /** The top {@code n} items of {@code scores} (most clicked first, then lower id, as a sorted set would). */
    static List<Long> top(Map<Long, Double> scores, int n, Long categoryFilter, Catalog catalog) {
        List<Long> items = new ArrayList<>();
        for (Long item : scores.keySet()) {
            if (categoryFilter == null || catalog.categoryOf(item) == categoryFilter) {
                items.add(item);
            }
        }
        items.sort(Comparator.comparing((Long i) -> -scores.get(i)).thenComparing(i -> i));
        return items.size() > n ? items.subList(0, n) : items;
    }
}
