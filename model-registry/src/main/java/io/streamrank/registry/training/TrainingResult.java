package io.streamrank.registry.training;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A trained model and how well it did.
 *
 * @param weights the trained weights
 * @param metrics {@code train_loss}, {@code val_loss} (BPR loss without the L2 term) and
 *                {@code train_pairwise_accuracy}, {@code val_pairwise_accuracy} (fraction of pairs with
 *                {@code s_pos > s_neg})
 */
public record TrainingResult(MlpWeights weights, Map<String, Double> metrics) {

    public TrainingResult {
        // Insertion order is kept so metadata.json lists the metrics in a stable, readable order.
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }
}
