package io.streamrank.registry.evaluation;

import io.streamrank.contract.features.RecentItem;
import io.streamrank.contract.model.ModelSignature;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Item co-visitation counts: when a user interacts with item j, each of their {@link #WINDOW} previous interactions
 * i (i ≠ j) adds one to co(i, j) and co(j, i). The kNN baseline scores an item by
 * {@code Σ_p CONTEXT_DECAY^p · co(recent_p, item)} over the user's newest interactions.
 */
final class CoVisitation {

    static final int WINDOW = 10;

    private final Map<Long, Map<Long, Integer>> co = new HashMap<>();

    /** Records an interaction with {@code item} by a user whose interactions before it are {@code before}. */
    void observe(long item, List<RecentItem> before) {
        for (int p = 0; p < before.size() && p < WINDOW; p++) {
            long other = before.get(p).itemId();
            if (other != item) {
                co.computeIfAbsent(other, k -> new HashMap<>()).merge(item, 1, Integer::sum);
                co.computeIfAbsent(item, k -> new HashMap<>()).merge(other, 1, Integer::sum);
            }
        }
    }

    /** Non-zero kNN scores for a user whose newest interactions are {@code recent}. */
    Map<Long, Double> scores(List<RecentItem> recent) {
        Map<Long, Double> out = new HashMap<>();
        double w = 1;
        for (int p = 0; p < recent.size() && p < ModelSignature.CONTEXT_ITEMS; p++, w *= ModelSignature.CONTEXT_DECAY) {
            Map<Long, Integer> neighbours = co.get(recent.get(p).itemId());
            if (neighbours != null) {
                double weight = w;
                neighbours.forEach((item, count) -> out.merge(item, weight * count, Double::sum));
            }
        }
        return out;
    }
}
