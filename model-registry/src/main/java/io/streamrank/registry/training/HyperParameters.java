package io.streamrank.registry.training;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Trainer settings.
 *
 * @param epochs          most passes over the training pairs
 * @param patience        stop after this many epochs without a better validation loss (the best epoch is kept)
 * @param batchSize       pairs per Adam step
 * @param learningRate    Adam learning rate
 * @param l2              λ of the L2 penalty: on the MLP weight matrices, and on the embedding rows of each pair
 * @param hidden          hidden units of the MLP over the dense features
 * @param dim             embedding dimension
 * @param userBuckets     hash buckets of the user embedding table
 * @param itemBuckets     hash buckets of the item embedding and bias tables
 * @param categoryBuckets hash buckets of the category embedding table
 * @param variant         which parts of the model are used
 * @param seed            seeds weight initialisation and shuffling
 */
public record HyperParameters(int epochs, int patience, int batchSize, float learningRate, float l2, int hidden,
                              int dim, int userBuckets, int itemBuckets, int categoryBuckets, Variant variant,
                              long seed) {

    public HyperParameters {
        if (epochs < 1 || patience < 1 || batchSize < 1 || hidden < 1 || dim < 1 || userBuckets < 1
                || itemBuckets < 1 || categoryBuckets < 1 || !(learningRate > 0 && Float.isFinite(learningRate))
                || !(l2 >= 0 && Float.isFinite(l2)) || variant == null) {
            throw new IllegalArgumentException("invalid hyper-parameters: " + this);
        }
    }

    /** The settings as written into model metadata. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("variant", variant.wireName());
        m.put("max_epochs", epochs);
        m.put("patience", patience);
        m.put("batch_size", batchSize);
        m.put("learning_rate", decimal(learningRate));
        m.put("l2", decimal(l2));
        m.put("hidden_units", hidden);
        m.put("embedding_dim", dim);
        m.put("user_buckets", userBuckets);
        m.put("item_buckets", itemBuckets);
        m.put("category_buckets", categoryBuckets);
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
