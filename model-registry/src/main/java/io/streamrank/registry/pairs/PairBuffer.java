package io.streamrank.registry.pairs;

import io.streamrank.contract.model.ModelSignature;
import java.util.Arrays;

/**
 * Collects pairs as they are built. With a cap it keeps only the newest {@code maxPairs}: recent behaviour is what the
 * live model must rank, and memory stays bounded at twice the cap however long the replay is.
 */
final class PairBuffer {

    private static final int F = ModelSignature.FEATURE_COUNT;

    private final int maxPairs;
    private float[] positives = new float[1024 * F];
    private float[] negatives = new float[1024 * F];
    private long[] timestamps = new long[1024];
    private int size;

    /** @param maxPairs newest pairs to keep, or 0 for all */
    PairBuffer(int maxPairs) {
        this.maxPairs = maxPairs;
    }

    void add(float[] positive, float[] negative, long timestamp) {
        if (maxPairs > 0 && size == 2 * maxPairs) {
            keepNewest(maxPairs);
        }
        if (size == timestamps.length) {
            int capacity = size * 2;
            positives = Arrays.copyOf(positives, capacity * F);
            negatives = Arrays.copyOf(negatives, capacity * F);
            timestamps = Arrays.copyOf(timestamps, capacity);
        }
        System.arraycopy(positive, 0, positives, size * F, F);
        System.arraycopy(negative, 0, negatives, size * F, F);
        timestamps[size++] = timestamp;
    }

    TrainingPairs toPairs() {
        if (maxPairs > 0 && size > maxPairs) {
            keepNewest(maxPairs);
        }
        return new TrainingPairs(positives, negatives, timestamps, size);
    }

    private void keepNewest(int n) {
        int drop = size - n;
        System.arraycopy(positives, drop * F, positives, 0, n * F);
        System.arraycopy(negatives, drop * F, negatives, 0, n * F);
        System.arraycopy(timestamps, drop, timestamps, 0, n);
        size = n;
    }
}
