package io.streamrank.registry.evaluation;

import java.util.Map;

/**
 * Ranks a target in the whole catalog under a score that is non-zero for few items (co-visitation, recent items,
 * clicks in the last hour), with ties, the zero-score bulk included, ordered by global popularity: the catalog is
 * never scanned, only the sparse items and the popularity histogram.
 */
final class SparseRanking {

    private SparseRanking() {
    }

    /** {@code [greater, tied]} of {@code target} in the catalog; {@code [0, 0]} when it is not in the catalog. */
    static long[] rank(Map<Long, Double> scores, long target, Catalog catalog) {
        if (!catalog.contains(target)) {
            return new long[] {0, 0};
        }
        double st = scores.getOrDefault(target, 0d);
        int pt = catalog.count(target);
        long greater = 0;
        long tied = 0;
        long sparseMorePopular = 0;
        long sparseSamePopular = 0;
        for (Map.Entry<Long, Double> e : scores.entrySet()) {
            double s = e.getValue();
            int p = catalog.count(e.getKey());
            if (s > st || (s == st && p > pt)) {
                greater++;
            } else if (s == st && p == pt) {
                tied++;
            }
            if (p > pt) {
                sparseMorePopular++;
            } else if (p == pt) {
                sparseSamePopular++;
            }
        }
        if (st == 0) {
            // Every zero-score item is ordered by popularity alone; the sparse ones were counted above.
            long zeroMorePopular = catalog.moreThan(pt) - sparseMorePopular;
            long zeroSamePopular = catalog.exactly(pt) - sparseSamePopular;
            greater += zeroMorePopular;
            tied += zeroSamePopular;
        }
        return new long[] {greater, tied};
    }

    /** {@code [greater, tied]} of the target (index 0) among {@code candidates} under (score, popularity). */
    static long[] rankAmong(long[] candidates, Map<Long, Double> scores, Catalog catalog) {
        double st = scores.getOrDefault(candidates[0], 0d);
        int pt = catalog.count(candidates[0]);
        long greater = 0;
        long tied = 0;
        for (long c : candidates) {
            double s = scores.getOrDefault(c, 0d);
            int p = catalog.count(c);
            if (s > st || (s == st && p > pt)) {
                greater++;
            } else if (s == st && p == pt) {
                tied++;
            }
        }
        return new long[] {greater, tied};
    }

    /** {@code [greater, tied]} of {@code scores[0]} among all {@code scores}. */
    static long[] rankDense(float[] scores, int n) {
        float st = scores[0];
        long greater = 0;
        long tied = 0;
        for (int i = 0; i < n; i++) {
            if (scores[i] > st) {
                greater++;
            } else if (scores[i] == st) {
                tied++;
            }
        }
        return new long[] {greater, tied};
    }
}
