package io.streamrank.registry.export;

import io.streamrank.contract.model.ModelSignature;
import io.streamrank.registry.training.Mlp;
import io.streamrank.registry.training.MlpWeights;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Builds the serving graph from trained weights: only the scoring path of {@link ModelSignature}, so optimizer state
 * and the training-only pair inputs never reach the SavedModel.
 */
final class InferenceGraph {

    private InferenceGraph() {
    }

    /** Adds the scoring ops to {@code graph} and returns the serving signature over them. */
    static Signature build(Graph graph, MlpWeights weights) {
        Ops tf = Ops.create(graph);
        Placeholder<TFloat32> features = tf.withName(ModelSignature.INPUT_NAME).placeholder(TFloat32.class,
                Placeholder.shape(Shape.of(-1, ModelSignature.FEATURE_COUNT)));
        // Variables rather than constants: the SavedModel exporter always writes a variables checkpoint.
        Operand<TFloat32> scores = Mlp.scores(tf, features,
                tf.withName("w1").variable(tf.constant(weights.w1())),
                tf.withName("b1").variable(tf.constant(weights.b1())),
                tf.withName("w2").variable(tf.constant(weights.w2())),
                tf.withName("b2").variable(tf.constant(weights.b2())));
        Operand<TFloat32> score = tf.withName(ModelSignature.OUTPUT_NAME).identity(scores);
        return Signature.builder()
                .key(ModelSignature.SIGNATURE_KEY)
                .input(ModelSignature.INPUT_NAME, features)
                .output(ModelSignature.OUTPUT_NAME, score)
                .build();
    }
}
