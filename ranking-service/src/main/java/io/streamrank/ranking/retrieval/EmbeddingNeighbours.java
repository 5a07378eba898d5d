package io.streamrank.ranking.retrieval;

import io.streamrank.ranking.ann.HnswIndex;
import java.util.ArrayList;
import java.util.List;

/** The two HNSW sources: neighbours of each trigger item (session) and of the user's interest vector (ann). */
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
        float[] sum = new float[index.dim()];
        double weight = 1;
        List<Long> used = new ArrayList<>();
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
        if (used.isEmpty()) {
            return List.of();
        }
        // One item: the interest vector is that item's own vector, whose neighbours are cached.
        long[] near = used.size() == 1 ? index.neighbours(used.get(0), k) : index.search(sum, k);
        List<Long> out = new ArrayList<>(near.length);
        for (long id : near) {
            out.add(id);
        }
        return out;
    }
}
