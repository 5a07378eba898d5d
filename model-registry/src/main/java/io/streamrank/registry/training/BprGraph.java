package io.streamrank.registry.training;

import io.streamrank.contract.model.ModelSignature;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * The training graph: the same MLP applied to a batch of positive and a batch of negative rows, with the BPR loss
 * {@code -mean(log(sigmoid(s_pos - s_neg))) + l2 * (|W1|^2 + |W2|^2)} minimised by Adam ({@link OrderedAdam}).
 */
final class BprGraph {

    final Placeholder<TFloat32> positives;
    final Placeholder<TFloat32> negatives;
    final Variable<TFloat32> w1;
    final Variable<TFloat32> b1;
    final Variable<TFloat32> w2;
    final Variable<TFloat32> b2;
    /** BPR loss of the batch without the penalty: comparable between train and validation. */
    final Operand<TFloat32> bprLoss;
    /** Fraction of the batch's pairs ranked right ({@code s_pos > s_neg}). */
    final Operand<TFloat32> accuracy;
    final Op minimize;

    BprGraph(Graph graph, MlpWeights initial, HyperParameters hp) {
        Ops tf = Ops.create(graph);
        Shape rows = Shape.of(-1, ModelSignature.FEATURE_COUNT);
        positives = tf.withName("positives").placeholder(TFloat32.class, Placeholder.shape(rows));
        negatives = tf.withName("negatives").placeholder(TFloat32.class, Placeholder.shape(rows));
        w1 = tf.withName("w1").variable(tf.constant(initial.w1()));
        b1 = tf.withName("b1").variable(tf.constant(initial.b1()));
        w2 = tf.withName("w2").variable(tf.constant(initial.w2()));
        b2 = tf.withName("b2").variable(tf.constant(initial.b2()));

        Operand<TFloat32> diff = tf.math.sub(Mlp.scores(tf, positives, w1, b1, w2, b2),
                Mlp.scores(tf, negatives, w1, b1, w2, b2));
        // softplus(-d) = -log(sigmoid(d)), without the log(0) a saturated sigmoid would give.
        bprLoss = tf.math.mean(tf.math.softplus(tf.math.neg(diff)), tf.constant(0));
        Operand<TFloat32> penalty = tf.math.mul(tf.constant(hp.l2()),
                tf.math.add(sumOfSquares(tf, w1), sumOfSquares(tf, w2)));
        Operand<TFloat32> loss = tf.math.add(bprLoss, penalty);
        accuracy = tf.math.mean(tf.dtypes.cast(tf.math.greater(diff, tf.constant(0f)), TFloat32.class),
                tf.constant(0));
        minimize = new OrderedAdam(graph, hp.learningRate()).minimize(loss);
    }

    /**
     * The identity matters: squaring the variable's reference output directly makes TensorFlow 2.16's C++ gradient
     * builder dereference a null node and crash the JVM (SIGSEGV in {@code Node::output_type}).
     */
    private static Operand<TFloat32> sumOfSquares(Ops tf, Operand<TFloat32> w) {
        return tf.reduceSum(tf.math.square(tf.identity(w)), tf.constant(new int[] {0, 1}));
    }
}
