package io.streamrank.registry.pairs;

import io.streamrank.contract.model.ModelSignature;
import java.util.Arrays;

/**
 * (positive row, negative row) pairs in event-time order, each row {@link ModelSignature#FEATURE_COUNT} floats laid
 * out row-major. The last tenth (by time) is held out for validation, so validation measures ranking the future.
 */
public final class TrainingPairs {

    private static final int F = ModelSignature.FEATURE_COUNT;
    private static final double VALIDATION_FRACTION = 0.1;

    private final float[] positives;
    private final float[] negatives;
    private final long[] timestamps;
    private final int size;
    private final int validationStart;

    TrainingPairs(float[] positives, float[] negatives, long[] timestamps, int size) {
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

    /** Copies the positive (or negative) rows of the given pairs into {@code out}, one row after the other. */
    public void gather(int[] pairs, int from, int to, boolean positive, float[] out) {
        float[] src = positive ? positives : negatives;
        for (int i = from; i < to; i++) {
            System.arraycopy(src, pairs[i] * F, out, (i - from) * F, F);
        }
    }

    float[] positiveRow(int pair) {
        return Arrays.copyOfRange(positives, pair * F, (pair + 1) * F);
    }

    float[] negativeRow(int pair) {
        return Arrays.copyOfRange(negatives, pair * F, (pair + 1) * F);
    }

    long timestamp(int pair) {
        return timestamps[pair];
    }
}
