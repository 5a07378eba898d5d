package io.streamrank.registry.training;

import io.streamrank.contract.model.ModelSignature;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * The scoring subgraph, shared by the training graph and the exported inference graph so both compute the same:
 *
 * <pre>
 * score = mlp(features) + ⟨U[h(user)] + ctx, I[h(item)] + C[h(category)]⟩ + b[h(item)]
 * ctx   = Σ_p CONTEXT_DECAY^p · (I[h(recent_p)] + C[h(recent_category_p)])   (padding ids 0 are masked)
 * h(id) = id mod buckets
 * </pre>
 * {@code ctx} is computed once per context row and gathered onto the candidate rows by {@code context_row}: a
 * request's candidates share their user's context, so its 20 lookups are not repeated per candidate.
 * The {@link Variant} drops parts: MF keeps only {@code ⟨U, I⟩ + b}.
 */
public final class RankerGraph {

    private RankerGraph() {
    }

    /**
     * The model's inputs as graph operands (placeholders when training or serving): {@code recentItems} and
     * {@code recentCategories} are {@code [contexts, CONTEXT_ITEMS]}, {@code contextRow} is {@code [batch]}: each
     * candidate row's context row.
     */
    public record Inputs(Operand<TFloat32> features, Operand<TInt64> user, Operand<TInt64> item,
                         Operand<TInt64> category, Operand<TInt64> recentItems, Operand<TInt64> recentCategories,
                         Operand<TInt64> contextRow) {
    }

    /** The model's variables (or constants) as graph operands. */
    public record Params(Operand<TFloat32> w1, Operand<TFloat32> b1, Operand<TFloat32> w2, Operand<TFloat32> b2,
                         Operand<TFloat32> user, Operand<TFloat32> item, Operand<TFloat32> category,
                         Operand<TFloat32> itemBias) {
    }

    /** The embedding rows a batch touched: the L2 penalty is applied to these, as in BPR. */
    public record Touched(Operand<TFloat32> user, Operand<TFloat32> item, Operand<TFloat32> bias) {
    }

    /** Scores of a batch, {@code [batch]}. */
    public static Operand<TFloat32> scores(Ops tf, Inputs in, Params p, HyperParameters hp) {
        return build(tf, in, p, hp, null);
    }

    /** Scores, and the embedding rows used for them written into {@code touched[0]}. */
    static Operand<TFloat32> scores(Ops tf, Inputs in, Params p, HyperParameters hp, Touched[] touched) {
        return build(tf, in, p, hp, touched);
    }

    private static Operand<TFloat32> build(Ops tf, Inputs in, Params p, HyperParameters hp, Touched[] touched) {
        Variant v = hp.variant();
        Operand<TInt64> itemBuckets = tf.constant((long) hp.itemBuckets());
        Operand<TInt64> itemHash = tf.math.floorMod(in.item(), itemBuckets);
        Operand<TFloat32> u = tf.gather(p.user(), tf.math.floorMod(in.user(), tf.constant((long) hp.userBuckets())),
                tf.constant(0));
        Operand<TFloat32> e = tf.gather(p.item(), itemHash, tf.constant(0));
        if (v.category) {
            e = tf.math.add(e, tf.gather(p.category(),
                    tf.math.floorMod(in.category(), tf.constant((long) hp.categoryBuckets())), tf.constant(0)));
        }
        Operand<TFloat32> q = u;
        if (v.context) {
            q = tf.math.add(u, tf.gather(context(tf, in, p, hp), in.contextRow(), tf.constant(0)));
        }
        Operand<TFloat32> bias = tf.gather(p.itemBias(), itemHash, tf.constant(0));
        Operand<TFloat32> score = tf.math.add(tf.reduceSum(tf.math.mul(q, e), tf.constant(1)), bias);
        if (v.dense) {
            score = tf.math.add(score, mlp(tf, in.features(), p));
        }
        if (touched != null) {
            touched[0] = new Touched(u, e, bias);
        }
        return score;
    }

    /** The recent-item context vectors {@code [contexts, dim]}; weights as in {@code ItemEmbeddings.query}. */
    private static Operand<TFloat32> context(Ops tf, Inputs in, Params p, HyperParameters hp) {
        int r = ModelSignature.CONTEXT_ITEMS;
        float[] decay = new float[r];
        double w = 1;
        for (int i = 0; i < r; i++, w *= ModelSignature.CONTEXT_DECAY) {
            decay[i] = (float) w;
        }
        Operand<TFloat32> rows = tf.gather(p.item(),
                tf.math.floorMod(in.recentItems(), tf.constant((long) hp.itemBuckets())), tf.constant(0));
        if (hp.variant().category) {
            rows = tf.math.add(rows, tf.gather(p.category(),
                    tf.math.floorMod(in.recentCategories(), tf.constant((long) hp.categoryBuckets())),
                    tf.constant(0)));
        }
        Operand<TFloat32> present = tf.dtypes.cast(tf.math.greater(in.recentItems(), tf.constant(0L)),
                TFloat32.class);
        Operand<TFloat32> weights = tf.math.mul(present, tf.constant(new float[][] {decay}));
        return tf.reduceSum(tf.math.mul(rows, tf.expandDims(weights, tf.constant(2))), tf.constant(1));
    }

    private static Operand<TFloat32> mlp(Ops tf, Operand<TFloat32> x, Params p) {
        Operand<TFloat32> hidden = tf.nn.relu(tf.math.add(tf.linalg.matMul(x, p.w1()), p.b1()));
        Operand<TFloat32> logit = tf.math.add(tf.linalg.matMul(hidden, p.w2()), p.b2());
        // Squeeze only axis 1: a batch of one must stay [1], not become a scalar.
        return tf.squeeze(logit, Squeeze.axis(1L));
    }
}
