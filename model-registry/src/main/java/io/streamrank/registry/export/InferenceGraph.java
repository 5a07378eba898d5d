package io.streamrank.registry.export;

import io.streamrank.contract.model.ModelSignature;
import io.streamrank.registry.training.HyperParameters;
import io.streamrank.registry.training.RankerGraph;
import io.streamrank.registry.training.RankerWeights;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Assign;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Builds the serving graph from trained weights: only the scoring path of {@link ModelSignature}, so optimizer state
 * and the training-only pair inputs never reach the SavedModel. The weights are variables that are assigned once, from
 * values fed to the session, and reach the SavedModel only through its variables checkpoint: a variable initialised
 * from a constant would also keep that constant in {@code saved_model.pb}, a second copy of every weight that each
 * serving pod parses at every load (ADR 71).
 */
final class InferenceGraph {

    /** A variable's assignment, the placeholder it reads and the trained value fed to it. */
    private record Fill(Placeholder<TFloat32> value, Assign<TFloat32> assign, FloatNdArray trained) {
    }

    private final Signature signature;
    private final List<Fill> fills;

    private InferenceGraph(Signature signature, List<Fill> fills) {
        this.signature = signature;
        this.fills = fills;
    }

    Signature signature() {
        return signature;
    }

    /** Assigns the trained weights to the graph's variables in {@code session}, before it is exported. */
    void assignWeights(Session session) {
        for (Fill f : fills) {
            try (TFloat32 t = TFloat32.tensorOf(f.trained())) {
                session.runner().feed(f.value(), t).addTarget(f.assign()).run();
            }
        }
    }

    /** Adds the scoring ops and the weights' variables to {@code graph}. */
    static InferenceGraph build(Graph graph, RankerWeights w, HyperParameters hp) {
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
        List<Fill> fills = new ArrayList<>();
        RankerGraph.Params p = new RankerGraph.Params(
                variable(tf, "w1", StdArrays.ndCopyOf(w.w1()), fills),
                variable(tf, "b1", StdArrays.ndCopyOf(w.b1()), fills),
                variable(tf, "w2", StdArrays.ndCopyOf(w.w2()), fills),
                variable(tf, "b2", StdArrays.ndCopyOf(w.b2()), fills),
                variable(tf, "user_embedding", StdArrays.ndCopyOf(w.user()), fills),
                variable(tf, "item_embedding", StdArrays.ndCopyOf(w.item()), fills),
                variable(tf, "category_embedding", StdArrays.ndCopyOf(w.category()), fills),
                variable(tf, "item_bias", StdArrays.ndCopyOf(w.itemBias()), fills));
        Operand<TFloat32> scores = RankerGraph.scores(tf,
                new RankerGraph.Inputs(features, user, item, category, recentItems, recentCategories, contextRow),
                p, hp);
        Operand<TFloat32> score = tf.withName(ModelSignature.OUTPUT_NAME).identity(scores);
        return new InferenceGraph(Signature.builder()
                .key(ModelSignature.SIGNATURE_KEY)
                .input(ModelSignature.INPUT_NAME, features)
                .input(ModelSignature.USER_ID, user)
                .input(ModelSignature.ITEM_ID, item)
                .input(ModelSignature.CATEGORY_ID, category)
                .input(ModelSignature.RECENT_ITEM_IDS, recentItems)
                .input(ModelSignature.RECENT_CATEGORY_IDS, recentCategories)
                .input(ModelSignature.CONTEXT_ROW, contextRow)
                .output(ModelSignature.OUTPUT_NAME, score)
                .build(), fills);
    }

    /** A variable of the shape of {@code trained}, filled with it by {@link #assignWeights}. */
    private static Variable<TFloat32> variable(Ops tf, String name, FloatNdArray trained, List<Fill> fills) {
        Shape shape = trained.shape();
        Variable<TFloat32> v = tf.withName(name).variable(shape, TFloat32.class);
        Placeholder<TFloat32> value = tf.withName(name + "_value").placeholder(TFloat32.class,
                Placeholder.shape(shape));
        fills.add(new Fill(value, tf.withName(name + "_assign").assign(v, value), trained));
        return v;
    }

    private static Placeholder<TInt64> ids(Ops tf, String name, Shape shape) {
        return tf.withName(name).placeholder(TInt64.class, Placeholder.shape(shape));
    }
}
