package io.streamrank.registry.evaluation;

/**
 * Ranking metrics of one test interaction from the target's position among the scored items: {@code greater} items
 * scored strictly higher and {@code tied} items (the target included) scored the same. Ties are broken uniformly at
 * random and the metrics are their exact expectation, so no method gains from a lucky or a systematic tie order.
 */
final class RankMetrics {

    static final String[] NAMES = {"HR@10", "NDCG@10", "MRR", "Recall@50"};
    static final int COUNT = NAMES.length;

    private RankMetrics() {
    }

    /** {@code [HR@10, NDCG@10, MRR, Recall@50]}; all zero when the target was not ranked at all ({@code tied == 0}). */
    static double[] of(long greater, long tied) {
        double[] m = new double[COUNT];
        if (tied <= 0) {
            return m;
        }
        m[0] = hit(greater, tied, 10);
        double ndcg = 0;
        for (long r = greater + 1; r <= Math.min(greater + tied, 10); r++) {
            ndcg += 1 / (Math.log(1 + r) / Math.log(2));
        }
        m[1] = ndcg / tied;
        m[2] = (harmonic(greater + tied) - harmonic(greater)) / tied;
        m[3] = hit(greater, tied, 50);
        return m;
    }

    /** P(rank ≤ k) with the target uniform among ranks {@code greater+1 .. greater+tied}. */
    private static double hit(long greater, long tied, int k) {
        return Math.max(0, Math.min(1, (double) (k - greater) / tied));
    }

    /** H(n) = 1 + 1/2 + … + 1/n, exact for small n and by its asymptotic series beyond. */
    static double harmonic(long n) {
        if (n <= 0) {
            return 0;
        }
        if (n < 1000) {
            double h = 0;
            for (long i = 1; i <= n; i++) {
                h += 1.0 / i;
            }
            return h;
        }
        double x = n;
        return Math.log(x) + 0.5772156649015329 + 1 / (2 * x) - 1 / (12 * x * x);
    }
}
