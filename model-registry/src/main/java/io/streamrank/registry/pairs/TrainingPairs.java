package io.streamrank.registry.pairs;

import io.streamrank.contract.model.ModelInputBatch;

/**
 * (positive, negative) pairs in event-time order: row {@code i} of {@link #positives()} and of {@link #negatives()}
 * form pair {@code i} and share the user side. The last tenth (by time) is held out for validation, so validation
 * measures ranking the future.
 */
public final class TrainingPairs {

    private static final double VALIDATION_FRACTION = 0.1;

    private final ModelInputBatch positives;
    private final ModelInputBatch negatives;
    private final long[] timestamps;
    private final int size;
    private final int validationStart;

    TrainingPairs(ModelInputBatch positives, ModelInputBatch negatives, long[] timestamps, int size) {
        this.positives = positives;
        this.negatives = negatives;
        this.timestamps = timestamps;
        this.size = size;
        this.validationStart = splitIndex(timestamps, size);
    }

    /** First pair of the held-out tail; moved forward past equal timestamps so no event straddles the split. */
    private static int splitIndex(long[] timestamps, int size) {
        int start = (int) Math.ceil(size * (1 - VALIDATION_FRACTION));
        while (start > 0 && start < size && timestamps[start] == timestamps[start - 1]) {
            start++;
        }
        return start;
    }

    public int size() {
        return size;
    }

    /** Pairs {@code [0, validationStart)} train, {@code [validationStart, size)} validate. */
    public int validationStart() {
        return validationStart;
    }

    public ModelInputBatch positives() {
        return positives;
    }

    public ModelInputBatch negatives() {
        return negatives;
    }

    /** The same pairs with every real-time input zeroed (for the ablation model). */
    public TrainingPairs withoutRealtimeFeatures() {
        return new TrainingPairs(positives.withoutRealtimeFeatures(), negatives.withoutRealtimeFeatures(), timestamps,
                size);
    }

    float[] positiveRow(int pair) {
        return positives.features(pair);
    }

    float[] negativeRow(int pair) {
        return negatives.features(pair);
    }

    public long timestamp(int pair) {
        return timestamps[pair];
    }
}
