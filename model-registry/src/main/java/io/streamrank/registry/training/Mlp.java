package io.streamrank.registry.training;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.types.TFloat32;

/** The scoring subgraph, shared by the training graph and the exported inference graph so both compute the same. */
public final class Mlp {

    private Mlp() {
    }

    /**
     * Scores rows {@code x [batch, F]}, giving {@code [batch]} logits.
     *
     * @param w1 {@code [F, H]}, {@code b1 [H]}, {@code w2 [H, 1]}, {@code b2 [1]}
     */
    public static Operand<TFloat32> scores(Ops tf, Operand<TFloat32> x, Operand<TFloat32> w1, Operand<TFloat32> b1,
                                           Operand<TFloat32> w2, Operand<TFloat32> b2) {
        Operand<TFloat32> hidden = tf.nn.relu(tf.math.add(tf.linalg.matMul(x, w1), b1));
        Operand<TFloat32> logit = tf.math.add(tf.linalg.matMul(hidden, w2), b2);
        // Squeeze only axis 1: a batch of one must stay [1], not become a scalar.
        return tf.squeeze(logit, Squeeze.axis(1L));
    }
}
