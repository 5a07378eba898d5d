package io.streamrank.registry.training;

import io.streamrank.contract.model.ModelSignature;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * The training graph: the ranker applied to a batch of positive and a batch of negative rows that share their user
 * side (the user id, and the context rows: pair {@code i}'s positive and negative read the same {@code context_row}),
 * with the BPR loss {@code mean(-ln σ(s_pos − s_neg)) + λ‖Θ‖²} minimised by Adam ({@link OrderedAdam}); Θ is the MLP
 * weight matrices plus the embedding rows the batch used (the usual BPR regularisation).
 */
final class BprGraph {

    final Placeholder<TFloat32> posFeatures;
    final Placeholder<TFloat32> negFeatures;
    final Placeholder<TInt64> user;
    final Placeholder<TInt64> posItem;
    final Placeholder<TInt64> posCategory;
    final Placeholder<TInt64> negItem;
    final Placeholder<TInt64> negCategory;
    final Placeholder<TInt64> recentItems;
    final Placeholder<TInt64> recentCategories;
    final Placeholder<TInt64> contextRow;
    final List<Variable<TFloat32>> variables;
    /** BPR loss of the batch without the penalty: comparable between train and validation. */
    final Operand<TFloat32> bprLoss;
    /** Fraction of the batch's pairs ranked right ({@code s_pos > s_neg}). */
    final Operand<TFloat32> accuracy;
    final Op minimize;
    private final List<Placeholder<TFloat32>> assignValues = new ArrayList<>();
    private final List<Op> assigns = new ArrayList<>();

    BprGraph(Graph graph, RankerWeights initial, HyperParameters hp) {
        Ops tf = Ops.create(graph);
        Shape rows = Shape.of(-1, ModelSignature.FEATURE_COUNT);
        Shape ids = Shape.of(-1);
        Shape context = Shape.of(-1, ModelSignature.CONTEXT_ITEMS);
        posFeatures = tf.withName("pos_features").placeholder(TFloat32.class, Placeholder.shape(rows));
        negFeatures = tf.withName("neg_features").placeholder(TFloat32.class, Placeholder.shape(rows));
        user = tf.withName("user").placeholder(TInt64.class, Placeholder.shape(ids));
        posItem = tf.withName("pos_item").placeholder(TInt64.class, Placeholder.shape(ids));
        posCategory = tf.withName("pos_category").placeholder(TInt64.class, Placeholder.shape(ids));
        negItem = tf.withName("neg_item").placeholder(TInt64.class, Placeholder.shape(ids));
        negCategory = tf.withName("neg_category").placeholder(TInt64.class, Placeholder.shape(ids));
        recentItems = tf.withName("recent_items").placeholder(TInt64.class, Placeholder.shape(context));
        recentCategories = tf.withName("recent_categories").placeholder(TInt64.class, Placeholder.shape(context));
        contextRow = tf.withName("context_row").placeholder(TInt64.class, Placeholder.shape(ids));
        variables = List.of(
                tf.withName("w1").variable(tf.constant(initial.w1())),
                tf.withName("b1").variable(tf.constant(initial.b1())),
                tf.withName("w2").variable(tf.constant(initial.w2())),
                tf.withName("b2").variable(tf.constant(initial.b2())),
                tf.withName("user_embedding").variable(tf.constant(initial.user())),
                tf.withName("item_embedding").variable(tf.constant(initial.item())),
                tf.withName("category_embedding").variable(tf.constant(initial.category())),
                tf.withName("item_bias").variable(tf.constant(initial.itemBias())));
        // Reading each variable through an identity: TensorFlow 2.16's C++ gradient builder dereferences a null node
        // and crashes the JVM (SIGSEGV in Node::output_type) on some ops applied to a variable's reference output.
        RankerGraph.Params p = new RankerGraph.Params(read(tf, 0), read(tf, 1), read(tf, 2), read(tf, 3),
                read(tf, 4), read(tf, 5), read(tf, 6), read(tf, 7));

        RankerGraph.Touched[] pos = new RankerGraph.Touched[1];
        RankerGraph.Touched[] neg = new RankerGraph.Touched[1];
        Operand<TFloat32> sPos = RankerGraph.scores(tf, new RankerGraph.Inputs(posFeatures, user, posItem,
                posCategory, recentItems, recentCategories, contextRow), p, hp, pos);
        Operand<TFloat32> sNeg = RankerGraph.scores(tf, new RankerGraph.Inputs(negFeatures, user, negItem,
                negCategory, recentItems, recentCategories, contextRow), p, hp, neg);
        Operand<TFloat32> diff = tf.math.sub(sPos, sNeg);
        // softplus(-d) = -log(sigmoid(d)), without the log(0) a saturated sigmoid would give.
        bprLoss = tf.math.mean(tf.math.softplus(tf.math.neg(diff)), tf.constant(0));
        Operand<TFloat32> rowsPenalty = tf.math.add(tf.math.add(meanSquares(tf, pos[0].user()),
                tf.math.add(meanSquares(tf, pos[0].item()), meanSquares(tf, neg[0].item()))),
                tf.math.add(tf.math.mean(tf.math.square(pos[0].bias()), tf.constant(0)),
                        tf.math.mean(tf.math.square(neg[0].bias()), tf.constant(0))));
        Operand<TFloat32> weightPenalty = tf.math.add(sumOfSquares(tf, p.w1()), sumOfSquares(tf, p.w2()));
        Operand<TFloat32> loss = tf.math.add(bprLoss,
                tf.math.mul(tf.constant(hp.l2()), tf.math.add(rowsPenalty, weightPenalty)));
        // Adam wants a gradient for every variable; parts a variant leaves out get an exact zero one.
        Operand<TFloat32> unused = tf.math.add(tf.reduceSum(p.b1(), tf.constant(0)),
                tf.math.add(tf.reduceSum(p.b2(), tf.constant(0)),
                        tf.reduceSum(p.category(), tf.constant(new int[] {0, 1}))));
        loss = tf.math.add(loss, tf.math.mul(tf.constant(0f), unused));
        accuracy = tf.math.mean(tf.dtypes.cast(tf.math.greater(diff, tf.constant(0f)), TFloat32.class),
                tf.constant(0));
        minimize = new OrderedAdam(graph, hp.learningRate()).minimize(loss);
        for (Variable<TFloat32> v : variables) {
            Placeholder<TFloat32> value = tf.placeholder(TFloat32.class);
            assignValues.add(value);
            assigns.add(tf.assign(v, value));
        }
    }

    /** Overwrites variable {@code i} (in {@link #variables} order). */
    void assign(Session session, int i, TFloat32 value) {
        try (Result r = session.runner().feed(assignValues.get(i), value).addTarget(assigns.get(i)).run()) {
            // nothing to fetch
        }
    }

    private Operand<TFloat32> read(Ops tf, int i) {
        return tf.identity(variables.get(i));
    }

    private static Operand<TFloat32> sumOfSquares(Ops tf, Operand<TFloat32> w) {
        return tf.reduceSum(tf.math.square(w), tf.constant(new int[] {0, 1}));
    }

    /** Mean over the batch of each row's squared norm. */
    private static Operand<TFloat32> meanSquares(Ops tf, Operand<TFloat32> rows) {
        return tf.math.mean(tf.reduceSum(tf.math.square(rows), tf.constant(1)), tf.constant(0));
    }
}
