package io.streamrank.ranking.retrieval;

import io.streamrank.contract.model.ItemCategories;
import io.streamrank.ranking.ann.HnswIndex;
import java.util.ArrayList;
import java.util.List;

/**
 * The HNSW sources: neighbours of each trigger item (session), of the user's interest vector (ann), and on a category
 * page the category's items nearest to that vector (category).
 */
final class EmbeddingNeighbours {

    /** Weight of the i-th most recent item in the interest vector: 0.8^i. */
    private static final double INTEREST_DECAY = 0.8;

    private EmbeddingNeighbours() {
    }

    /** Up to {@code perTrigger} neighbours of each trigger, interleaved, at most {@code quota} in all. */
    static List<Long> session(HnswIndex index, List<Long> triggers, int perTrigger, int quota, int annQuota) {
        List<List<Long>> perItem = new ArrayList<>();
        if (perTrigger > 0) {
            for (Long t : triggers) {
                // Asked with the larger of both quotas so that session and ann share one cached list per item.
                long[] near = index.neighbours(t, Math.max(perTrigger, annQuota));
                List<Long> ids = new ArrayList<>(perTrigger);
                for (int i = 0; i < near.length && i < perTrigger; i++) {
                    ids.add(near[i]);
                }
                perItem.add(ids);
            }
        }
        return SourceLists.cap(SourceLists.interleave(perItem), quota);
    }

    /** The {@code k} items nearest to the recency-weighted mean of the recent items' unit vectors. */
    static List<Long> interest(HnswIndex index, List<Long> recent, int k) {
        if (k <= 0) {
            return List.of();
        }
        List<Long> used = new ArrayList<>();
        float[] sum = interestVector(index, recent, used);
        if (used.isEmpty()) {
            return List.of();
        }
        // One item: the interest vector is that item's own vector, whose neighbours are cached.
        return list(used.size() == 1 ? index.neighbours(used.get(0), k) : index.search(sum, k));
    }

    /**
     * A category page's items (ADR 88): up to {@code k} of the category's items in the index, as {@code table} names
     * their categories, nearest to the user's interest vector, or to the category's mean for a user without recent
     * items in the index.
     */
    static List<Long> inCategory(HnswIndex index, ItemCategories table, long category, List<Long> recent, int k) {
        if (k <= 0) {
            return List.of();
        }
        List<Long> used = new ArrayList<>();
        float[] sum = interestVector(index, recent, used);
        return list(index.nearestInCategory(table, category, used.isEmpty() ? null : sum, k));
    }

    /** The recency-weighted sum of the recent items' unit vectors; the items that have one are added to {@code used}. */
    private static float[] interestVector(HnswIndex index, List<Long> recent, List<Long> used) {
        float[] sum = new float[index.dim()];
        double weight = 1;
        for (Long id : recent) {
            float[] v = index.unitVector(id);
            if (v != null) {
                for (int d = 0; d < sum.length; d++) {
                    sum[d] += (float) (weight * v[d]);
                }
                used.add(id);
            }
            weight *= INTEREST_DECAY;
        }
        return sum;
    }

    private static List<Long> list(long[] ids) {
        List<Long> out = new ArrayList<>(ids.length);
        for (long id : ids) {
            out.add(id);
        }
        return out;
    }
}
