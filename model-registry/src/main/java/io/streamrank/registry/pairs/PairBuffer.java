package io.streamrank.registry.pairs;

import io.streamrank.contract.features.ItemFeatures;
import io.streamrank.contract.features.UserFeatures;
import io.streamrank.contract.model.ModelInputBatch;
import java.util.Arrays;

/**
 * Collects pairs as they are built. With a cap it keeps only the newest {@code maxPairs}: recent behaviour is what the
 * live model must rank, and memory stays bounded at twice the cap however long the replay is.
 */
final class PairBuffer {

    private final int maxPairs;
    private ModelInputBatch positives = new ModelInputBatch(1024);
    private ModelInputBatch negatives = new ModelInputBatch(1024);
    private long[] timestamps = new long[1024];

    /** @param maxPairs newest pairs to keep, or 0 for all */
    PairBuffer(int maxPairs) {
        this.maxPairs = maxPairs;
    }

    /** One pair: the positive and the negative candidate for the same user snapshot at time {@code t}. */
    void add(long userId, UserFeatures user, ItemFeatures posItem, long posId, long posCategory,
             ItemFeatures negItem, long negId, long negCategory, long t) {
        if (maxPairs > 0 && positives.size() == 2 * maxPairs) {
            keepNewest(maxPairs);
        }
        int row = positives.add(user, posItem, posId, posCategory, userId, t);
        negatives.add(user, negItem, negId, negCategory, userId, t);
        if (row == timestamps.length) {
            timestamps = Arrays.copyOf(timestamps, row * 2);
        }
        timestamps[row] = t;
    }

    TrainingPairs toPairs() {
        if (maxPairs > 0 && positives.size() > maxPairs) {
            keepNewest(maxPairs);
        }
        return new TrainingPairs(positives, negatives, timestamps, positives.size());
    }

    private void keepNewest(int n) {
        int size = positives.size();
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = size - n + i;
        }
        positives = positives.select(rows, 0, n);
        negatives = negatives.select(rows, 0, n);
        long[] ts = new long[Math.max(1024, n * 2)];
        System.arraycopy(timestamps, size - n, ts, 0, n);
        timestamps = ts;
    }
}
