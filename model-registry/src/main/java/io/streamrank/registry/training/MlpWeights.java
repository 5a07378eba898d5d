package io.streamrank.registry.training;

import io.streamrank.contract.model.ModelSignature;
import java.util.Random;

/**
 * Weights of the ranking MLP: {@code features[F] -> hidden[H] (relu) -> 1}.
 *
 * @param w1 {@code [F][H]}
 * @param b1 {@code [H]}
 * @param w2 {@code [H][1]}
 * @param b2 {@code [1]}
 */
public record MlpWeights(float[][] w1, float[] b1, float[][] w2, float[] b2) {

    /** Glorot-uniform weights and zero biases from a seeded generator, so a run is reproducible from its seed. */
    static MlpWeights initial(int hidden, long seed) {
        Random random = new Random(seed);
        return new MlpWeights(glorot(ModelSignature.FEATURE_COUNT, hidden, random), new float[hidden],
                glorot(hidden, 1, random), new float[1]);
    }

    public int hidden() {
        return b1.length;
    }

    /** The score of one row computed in plain Java; a reference the TensorFlow graphs are checked against. */
    public float score(float[] row) {
        float out = b2[0];
        for (int h = 0; h < b1.length; h++) {
            float a = b1[h];
            for (int f = 0; f < row.length; f++) {
                a += row[f] * w1[f][h];
            }
            out += Math.max(0f, a) * w2[h][0];
        }
        return out;
    }

    private static float[][] glorot(int fanIn, int fanOut, Random random) {
        double limit = Math.sqrt(6.0 / (fanIn + fanOut));
        float[][] w = new float[fanIn][fanOut];
        for (float[] row : w) {
            for (int j = 0; j < fanOut; j++) {
                row[j] = (float) ((random.nextDouble() * 2 - 1) * limit);
            }
        }
        return w;
    }
}
