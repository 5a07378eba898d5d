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

    /**
     * The user's interest: the recency-weighted (0.8^i) sum of the recent items' unit vectors, and the items that have
     * one. Summed once per request for the {@code ann} and {@code category} sources alike.
     */
    record Interest(float[] sum, List<Long> used) {
    }

    static Interest interestOf(HnswIndex index, List<Long> recent) {
        float[] sum = new float[index.dim()];
        List<Long> used = new ArrayList<>();
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
        return new Interest(sum, used);
    }

    /** The {@code k} items nearest to the interest vector. */
    static List<Long> interest(HnswIndex index, Interest interest, int k) {
        if (k <= 0 || interest.used().isEmpty()) {
            return List.of();
        }
        // One item: the interest vector is that item's own vector, whose neighbours are cached.
        long[] near = interest.used().size() == 1 ? index.neighbours(interest.used().get(0), k)
                : index.search(interest.sum(), k);
        return IdList.of(near, near.length);
    }

    /**
     * A category page's items (ADR 88): up to {@code k} of the category's items in the index, as {@code table} names
     * their categories, nearest to the user's interest vector, or to the category's mean for a user without recent
     * items in the index.
     */
    static List<Long> inCategory(HnswIndex index, ItemCategories table, long category, Interest interest, int k) {
        if (k <= 0) {
            return List.of();
        }
        long[] near = index.nearestInCategory(table, category, interest.used().isEmpty() ? null : interest.sum(), k);
        return IdList.of(near, near.length);
    }
}
