package io.streamrank.registry.export;

import io.streamrank.contract.model.ModelSignature;
import io.streamrank.registry.training.HyperParameters;
import io.streamrank.registry.training.RankerGraph;
import io.streamrank.registry.training.RankerWeights;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Builds the serving graph from trained weights: only the scoring path of {@link ModelSignature}, so optimizer state
 * and the training-only pair inputs never reach the SavedModel.
 */
final class InferenceGraph {

    private InferenceGraph() {
    }

    /** Adds the scoring ops to {@code graph} and returns the serving signature over them. */
    static Signature build(Graph graph, RankerWeights w, HyperParameters hp) {
        Ops tf = Ops.create(graph);
        Shape ids = Shape.of(-1);
        Shape context = Shape.of(-1, ModelSignature.CONTEXT_ITEMS);
        Placeholder<TFloat32> features = tf.withName(ModelSignature.INPUT_NAME).placeholder(TFloat32.class,
                Placeholder.shape(Shape.of(-1, ModelSignature.FEATURE_COUNT)));
        Placeholder<TInt64> user = ids(tf, ModelSignature.USER_ID, ids);
        Placeholder<TInt64> item = ids(tf, ModelSignature.ITEM_ID, ids);
        Placeholder<TInt64> category = ids(tf, ModelSignature.CATEGORY_ID, ids);
        Placeholder<TInt64> recentItems = ids(tf, ModelSignature.RECENT_ITEM_IDS, context);
        Placeholder<TInt64> recentCategories = ids(tf, ModelSignature.RECENT_CATEGORY_IDS, context);
        Placeholder<TInt64> contextRow = ids(tf, ModelSignature.CONTEXT_ROW, ids);
        // Variables rather than constants: the SavedModel exporter always writes a variables checkpoint.
        RankerGraph.Params p = new RankerGraph.Params(
                tf.withName("w1").variable(tf.constant(w.w1())),
                tf.withName("b1").variable(tf.constant(w.b1())),
                tf.withName("w2").variable(tf.constant(w.w2())),
                tf.withName("b2").variable(tf.constant(w.b2())),
                tf.withName("user_embedding").variable(tf.constant(w.user())),
                tf.withName("item_embedding").variable(tf.constant(w.item())),
                tf.withName("category_embedding").variable(tf.constant(w.category())),
                tf.withName("item_bias").variable(tf.constant(w.itemBias())));
        Operand<TFloat32> scores = RankerGraph.scores(tf,
                new RankerGraph.Inputs(features, user, item, category, recentItems, recentCategories, contextRow),
                p, hp);
        Operand<TFloat32> score = tf.withName(ModelSignature.OUTPUT_NAME).identity(scores);
        return Signature.builder()
                .key(ModelSignature.SIGNATURE_KEY)
                .input(ModelSignature.INPUT_NAME, features)
                .input(ModelSignature.USER_ID, user)
                .input(ModelSignature.ITEM_ID, item)
                .input(ModelSignature.CATEGORY_ID, category)
                .input(ModelSignature.RECENT_ITEM_IDS, recentItems)
                .input(ModelSignature.RECENT_CATEGORY_IDS, recentCategories)
                .input(ModelSignature.CONTEXT_ROW, contextRow)
                .output(ModelSignature.OUTPUT_NAME, score)
                .build();
    }

    private static Placeholder<TInt64> ids(Ops tf, String name, Shape shape) {
        return tf.withName(name).placeholder(TInt64.class, Placeholder.shape(shape));
    }
}
