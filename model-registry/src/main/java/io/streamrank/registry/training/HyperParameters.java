package io.streamrank.registry.training;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Trainer settings.
 *
 * @param epochs       passes over the training pairs
 * @param batchSize    pairs per Adam step
 * @param learningRate Adam learning rate
 * @param l2           weight of the L2 penalty on the weight matrices (not the biases)
 * @param hidden       hidden units of the MLP
 * @param seed         seeds weight initialisation and shuffling
 */
public record HyperParameters(int epochs, int batchSize, float learningRate, float l2, int hidden, long seed) {

    public HyperParameters {
        if (epochs < 1 || batchSize < 1 || hidden < 1 || !(learningRate > 0) || !(l2 >= 0)) {
            throw new IllegalArgumentException("invalid hyper-parameters: " + this);
        }
    }

    /** The settings as written into model metadata. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epochs", epochs);
        m.put("batch_size", batchSize);
        m.put("learning_rate", decimal(learningRate));
        m.put("l2", decimal(l2));
        m.put("hidden_units", hidden);
        m.put("seed", seed);
        m.put("loss", "bpr");
        m.put("optimizer", "adam");
        return m;
    }

    /** The float as its shortest decimal (0.01, not 0.009999999776482582), for readable metadata. */
    private static double decimal(float f) {
        return Double.parseDouble(Float.toString(f));
    }
}
