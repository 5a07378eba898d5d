package io.streamrank.registry.training;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A trained model and how well it did.
 *
 * @param weights the weights of the best epoch (lowest validation loss)
 * @param hp      the settings it was trained with
 * @param metrics {@code train_loss}, {@code val_loss} (BPR loss without the L2 term),
 *                {@code train_pairwise_accuracy}, {@code val_pairwise_accuracy} (fraction of pairs with
 *                {@code s_pos > s_neg}), {@code best_epoch}, {@code epochs_run}, {@code training_seconds}
 */
public record TrainingResult(RankerWeights weights, HyperParameters hp, Map<String, Double> metrics) {

    public TrainingResult {
        // Insertion order is kept so metadata.json lists the metrics in a stable, readable order.
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }
}
