package io.streamrank.registry.evaluation;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * Per-user sums of each metric, so the mean over test interactions and its bootstrap confidence interval can be
 * computed. The bootstrap resamples users (with all their interactions), because one user's interactions are not
 * independent of each other.
 */
final class MetricSums {

    private final Map<Long, double[]> byUser = new HashMap<>();

    /** Adds one interaction's metrics; slot {@link RankMetrics#COUNT} counts interactions. */
    void add(long userId, double[] metrics) {
        double[] s = byUser.computeIfAbsent(userId, u -> new double[RankMetrics.COUNT + 1]);
        for (int i = 0; i < RankMetrics.COUNT; i++) {
            s[i] += metrics[i];
        }
        s[RankMetrics.COUNT]++;
    }

    /**
     * Mean and 95% interval of this method's metric minus {@code other}'s, from the same user resamples for both (a
     * paired bootstrap: the users' shared difficulty cancels out), {@code [mean, low, high]}.
     */
    double[] difference(MetricSums other, int metric, long[] users, int resamples, long seed) {
        double[][] a = new double[users.length][];
        double[][] b = new double[users.length][];
        double[] empty = new double[RankMetrics.COUNT + 1];
        double sa = 0;
        double sb = 0;
        double n = 0;
        for (int i = 0; i < users.length; i++) {
            a[i] = byUser.getOrDefault(users[i], empty);
            b[i] = other.byUser.getOrDefault(users[i], empty);
            sa += a[i][metric];
            sb += b[i][metric];
            n += a[i][RankMetrics.COUNT];
        }
        double[] samples = new double[resamples];
        Random random = new Random(seed);
        for (int r = 0; r < resamples; r++) {
            double da = 0;
            double db = 0;
            double count = 0;
            for (int i = 0; i < users.length; i++) {
                int u = random.nextInt(users.length);
                da += a[u][metric];
                db += b[u][metric];
                count += a[u][RankMetrics.COUNT];
            }
            samples[r] = count == 0 ? 0 : (da - db) / count;
        }
        java.util.Arrays.sort(samples);
        return new double[] {n == 0 ? 0 : (sa - sb) / n, samples[(int) Math.floor(0.025 * (resamples - 1))],
                samples[(int) Math.ceil(0.975 * (resamples - 1))]};
    }

    /**
     * Mean and 95% percentile-bootstrap interval of each metric, {@code [metric][mean, low, high]}, from
     * {@code resamples} resamples of the users drawn with a generator seeded by {@code seed}.
     */
    double[][] summary(long[] users, int resamples, long seed) {
        double[][] perUser = new double[users.length][];
        for (int i = 0; i < users.length; i++) {
            perUser[i] = byUser.getOrDefault(users[i], new double[RankMetrics.COUNT + 1]);
        }
        double[][] out = new double[RankMetrics.COUNT][3];
        double[] total = new double[RankMetrics.COUNT + 1];
        for (double[] s : perUser) {
            for (int i = 0; i <= RankMetrics.COUNT; i++) {
                total[i] += s[i];
            }
        }
        double[][] samples = new double[RankMetrics.COUNT][resamples];
        Random random = new Random(seed);
        double[] acc = new double[RankMetrics.COUNT + 1];
        for (int b = 0; b < resamples; b++) {
            java.util.Arrays.fill(acc, 0);
            for (int i = 0; i < users.length; i++) {
                double[] s = perUser[random.nextInt(users.length)];
                for (int m = 0; m <= RankMetrics.COUNT; m++) {
                    acc[m] += s[m];
                }
            }
            for (int m = 0; m < RankMetrics.COUNT; m++) {
                samples[m][b] = acc[RankMetrics.COUNT] == 0 ? 0 : acc[m] / acc[RankMetrics.COUNT];
            }
        }
        for (int m = 0; m < RankMetrics.COUNT; m++) {
            java.util.Arrays.sort(samples[m]);
            out[m][0] = total[RankMetrics.COUNT] == 0 ? 0 : total[m] / total[RankMetrics.COUNT];
            out[m][1] = samples[m][(int) Math.floor(0.025 * (resamples - 1))];
            out[m][2] = samples[m][(int) Math.ceil(0.975 * (resamples - 1))];
        }
        return out;
    }
}
