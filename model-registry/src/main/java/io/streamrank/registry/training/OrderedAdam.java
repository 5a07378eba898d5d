package io.streamrank.registry.training;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.framework.optimizers.Adam;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * TensorFlow Java's Adam with its bias-correction step ordered. In 1.0.0 {@code Adam.finish} advances
 * {@code beta1_power}/{@code beta2_power} with no dependency on the {@code ApplyAdam} ops that read them, so in a
 * step some weights may already see the next step's powers, depending on thread timing: the same seed then trains a
 * slightly different model. Here the powers advance only after every weight update of the step.
 */
final class OrderedAdam extends Adam {

    OrderedAdam(Graph graph, float learningRate) {
        super(graph, learningRate);
    }

    @Override
    protected Op finish(List<Op> updateOperations, String name) {
        Ops afterUpdates = tf.withControlDependencies(updateOperations);
        List<Op> all = new ArrayList<>(updateOperations);
        all.add(advance(afterUpdates, "beta1_power", BETA_ONE_DEFAULT));
        all.add(advance(afterUpdates, "beta2_power", BETA_TWO_DEFAULT));
        return tf.withName(name).withControlDependencies(all).noOp();
    }

    /** The power variables are private to Adam; they are found by the names Adam gives them. */
    @SuppressWarnings("unchecked")
    private Op advance(Ops ops, String powerName, float beta) {
        Operand<TFloat32> power = (Operand<TFloat32>) graph.outputOrThrow(powerName);
        return ops.assign(power, ops.math.mul(power, ops.constant(beta)));
    }
}
