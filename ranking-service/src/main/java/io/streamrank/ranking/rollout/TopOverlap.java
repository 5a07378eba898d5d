package io.streamrank.ranking.rollout;

import java.util.BitSet;

/** How many of one scoring's top k rows are also in another's top k, as a share of k. */
final class TopOverlap {

    private TopOverlap() {
    }

    /** Share in [0, 1] of {@code a}'s best {@code k} rows that are among {@code b}'s best {@code k}; 1 for no rows. */
    static double of(float[] a, float[] b, int k) {
        int n = Math.min(a.length, b.length);
        int top = Math.min(k, n);
        if (top == 0) {
            return 1.0;
        }
        BitSet inB = best(b, n, top);
        BitSet inA = best(a, n, top);
        inA.and(inB);
        return (double) inA.cardinality() / top;
    }

    /** The rows of the {@code top} highest scores (ties broken by row), by selection: k is small. */
    private static BitSet best(float[] scores, int n, int top) {
        BitSet chosen = new BitSet(n);
        for (int round = 0; round < top; round++) {
            int best = -1;
            for (int i = 0; i < n; i++) {
                if (!chosen.get(i) && (best < 0 || Float.compare(scores[i], scores[best]) > 0)) {
                    best = i;
                }
            }
            chosen.set(best);
        }
        return chosen;
    }
}
