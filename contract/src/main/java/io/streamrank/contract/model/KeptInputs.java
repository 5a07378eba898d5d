package io.streamrank.contract.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;

/**
 * A predictor's input tensors, kept between calls and rewritten in place (ADR 49): creating the seven input tensors
 * of a call (a native allocation, a TensorFlow eager handle and DJL's bookkeeping for each) showed as ~10 % of the
 * service's CPU; writing into tensors kept from an earlier call costs one copy each. A request's row count varies
 * with what the filter rules dropped, so the rows are padded with zero rows up to a multiple of {@value #ROW_STEP}
 * (whose scores the caller ignores) and tensors are kept for the last {@code maxShapes} padded shapes (rows and
 * contexts: one request, two or three scored together, ...), the least recently used closed.
 *
 * <p>The outputs of a prediction on these inputs belong to this object's manager (DJL's TensorFlow engine attaches
 * them to the first input's): the caller closes them, and reads only the first {@code batch.size()} scores. On a GPU,
 * where DJL cannot write a tensor in place, each call gets new, unpadded tensors, closed at the next call. Not
 * thread-safe: one per {@link ai.djl.inference.Predictor}, used by the thread that holds it; {@link #close()} with the
 * predictor.
 */
public final class KeptInputs implements AutoCloseable {

    /** Rows are padded up to a multiple of this: ~16 zero rows scored per call on average, ~3 % of a 500-row call. */
    public static final int ROW_STEP = 32;

    private final NDManager manager;
    private final boolean inPlace;
    private final DjlModelInputs.Staging staging = new DjlModelInputs.Staging();
    private final Kept[] kept;
    private final Runnable onShapeMade;
    private long uses;
    /** On a GPU: the manager of the last call's tensors, closed at the next call. */
    private NDManager lastCall;

    /** A kept set of input tensors, the shapes they were made for, and when they were last used. */
    private static final class Kept {
        final long[][] shapes;
        final NDList tensors;
        long lastUse;

        Kept(long[][] shapes, NDList tensors) {
            this.shapes = shapes;
            this.tensors = tensors;
        }
    }

    /**
     * @param parent      the model's manager ({@code model.getNDManager()}); the tensors live in a sub-manager of it
     * @param maxShapes   how many padded batch shapes keep their tensors
     * @param onShapeMade called when tensors are made for a shape not kept (for a metric)
     */
    public KeptInputs(NDManager parent, int maxShapes, Runnable onShapeMade) {
        this.manager = parent.newSubManager();
        this.inPlace = !manager.getDevice().isGpu();
        this.kept = new Kept[Math.max(1, maxShapes)];
        this.onShapeMade = onShapeMade;
    }

    public KeptInputs(NDManager parent, int maxShapes) {
        this(parent, maxShapes, () -> { });
    }

    /**
     * The batch's inputs for a model of {@code schemaVersion}, named as its signature expects, in tensors kept for
     * their shapes. Valid until the next call.
     */
    public NDList tensors(ModelInputBatch batch, int schemaVersion) {
        if (!inPlace) {
            if (lastCall != null) {
                lastCall.close();
            }
            lastCall = manager.newSubManager();
            return DjlModelInputs.tensors(batch, lastCall, schemaVersion, staging);
        }
        List<ModelInputBatch.Input> inputs = batch.views(schemaVersion);
        int rows = batch.size();
        int padded = (rows + ROW_STEP - 1) / ROW_STEP * ROW_STEP;
        long[][] shapes = new long[inputs.size()][];
        for (int i = 0; i < shapes.length; i++) {
            ModelInputBatch.Input in = inputs.get(i);
            shapes[i] = in.shape();
            if (ModelSignature.perRow(in.name(), schemaVersion)) {
                shapes[i] = shapes[i].clone();
                shapes[i][0] = padded;
            }
        }
        Kept k = find(shapes);
        if (k == null) {
            k = keep(shapes, inputs);
        }
        k.lastUse = ++uses;
        for (int i = 0; i < inputs.size(); i++) {
            ModelInputBatch.Input in = inputs.get(i);
            // Padded rows are zeros: ids hash to a bucket like any id, and context row 0 exists in every batch.
            int total = Math.toIntExact(k.tensors.get(i).getShape().size());
            k.tensors.get(i).set(in.floats() != null ? staging.floats(i, in.floats(), in.count(), total)
                    : staging.longs(i, in.longs(), in.count(), total));
        }
        return k.tensors;
    }

    private Kept find(long[][] shapes) {
        for (Kept k : kept) {
            if (k != null && Arrays.deepEquals(k.shapes, shapes)) {
                return k;
            }
        }
        return null;
    }

    /** New tensors for these shapes, in the free or least recently used place. */
    private Kept keep(long[][] shapes, List<ModelInputBatch.Input> inputs) {
        int at = 0;
        for (int i = 0; i < kept.length; i++) {
            if (kept[i] == null) {
                at = i;
                break;
            }
            if (kept[i].lastUse < kept[at].lastUse) {
                at = i;
            }
        }
        if (kept[at] != null) {
            kept[at].tensors.close();
        }
        onShapeMade.run();
        NDList tensors = new NDList(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            ModelInputBatch.Input in = inputs.get(i);
            NDArray a = manager.create(new Shape(shapes[i]), in.floats() != null ? DataType.FLOAT32 : DataType.INT64);
            // DJL matches inputs to the signature by name, not by position.
            a.setName(in.name());
            tensors.add(a);
        }
        kept[at] = new Kept(shapes, tensors);
        return kept[at];
    }

    @Override
    public void close() {
        manager.close();
    }
}
