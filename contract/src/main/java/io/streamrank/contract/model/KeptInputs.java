package io.streamrank.contract.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
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

    /**
     * Direct access to a kept tensor's memory, where the engine offers it: writing into it skips the per-call native
     * bookkeeping of {@link NDArray#set} (a status object, a pointer scope and a resolved tensor per input and call).
     */
    public interface TensorMemory {

        /** The array's memory, in native byte order, valid until the mapping is closed; null where not offered. */
        Mapped map(NDArray array);

        /** A mapped tensor's memory; {@link #close()} before the array is closed. */
        interface Mapped extends AutoCloseable {
            ByteBuffer buffer();

            @Override
            void close();
        }
    }

    /** Rows are padded up to a multiple of this: ~16 zero rows scored per call on average, ~3 % of a 500-row call. */
    public static final int ROW_STEP = 32;

    private final NDManager manager;
    private final boolean inPlace;
    private final DjlModelInputs.Staging staging = new DjlModelInputs.Staging();
    private final Kept[] kept;
    private final Runnable onShapeMade;
    private final TensorMemory memory;
    private long uses;
    /** On a GPU: the manager of the last call's tensors, closed at the next call. */
    private NDManager lastCall;

    /**
     * A kept set of input tensors, the shapes they were made for, when they were last used, and per input the mapped
     * memory with a typed view of it ({@code null} where not mapped: written through {@link NDArray#set}).
     */
    private static final class Kept {
        final long[][] shapes;
        final NDList tensors;
        final TensorMemory.Mapped[] mapped;
        final Buffer[] views;
        long lastUse;

        Kept(long[][] shapes, NDList tensors, TensorMemory.Mapped[] mapped, Buffer[] views) {
            this.shapes = shapes;
            this.tensors = tensors;
            this.mapped = mapped;
            this.views = views;
        }

        void close() {
            for (TensorMemory.Mapped m : mapped) {
                if (m != null) {
                    m.close();
                }
            }
            tensors.close();
        }
    }

    /**
     * @param parent      the model's manager ({@code model.getNDManager()}); the tensors live in a sub-manager of it
     * @param maxShapes   how many padded batch shapes keep their tensors
     * @param onShapeMade called when tensors are made for a shape not kept (for a metric)
     */
    public KeptInputs(NDManager parent, int maxShapes, Runnable onShapeMade, TensorMemory memory) {
        this.manager = parent.newSubManager();
        this.inPlace = !manager.getDevice().isGpu();
        this.kept = new Kept[Math.max(1, maxShapes)];
        this.onShapeMade = onShapeMade;
        this.memory = memory;
    }

    /** Kept tensors written through {@link NDArray#set}. */
    public KeptInputs(NDManager parent, int maxShapes) {
        this(parent, maxShapes, () -> { }, array -> null);
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
            Buffer view = k.views[i];
            if (view instanceof FloatBuffer f) {
                fill(f.clear(), in.floats(), in.count());
            } else if (view instanceof LongBuffer l) {
                fill(l.clear(), in.longs(), in.count());
            } else {
                int total = Math.toIntExact(k.tensors.get(i).getShape().size());
                k.tensors.get(i).set(in.floats() != null ? staging.floats(i, in.floats(), in.count(), total)
                        : staging.longs(i, in.longs(), in.count(), total));
            }
        }
        return k.tensors;
    }

    private static void fill(FloatBuffer to, float[] data, int count) {
        to.put(data, 0, count);
        while (to.hasRemaining()) {
            to.put(0f);
        }
    }

    private static void fill(LongBuffer to, long[] data, int count) {
        to.put(data, 0, count);
        while (to.hasRemaining()) {
            to.put(0L);
        }
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
            kept[at].close();
            // Emptied at once: if making the new tensors fails below, a later call must not find the closed ones
            // (writing into freed native memory) nor close them a second time when this place is reused.
            kept[at] = null;
        }
        onShapeMade.run();
        NDList tensors = new NDList(inputs.size());
        TensorMemory.Mapped[] mapped = new TensorMemory.Mapped[inputs.size()];
        Buffer[] views = new Buffer[inputs.size()];
        Kept made = new Kept(shapes, tensors, mapped, views);
        try {
            for (int i = 0; i < inputs.size(); i++) {
                ModelInputBatch.Input in = inputs.get(i);
                NDArray a = manager.create(new Shape(shapes[i]),
                        in.floats() != null ? DataType.FLOAT32 : DataType.INT64);
                // DJL matches inputs to the signature by name, not by position.
                a.setName(in.name());
                tensors.add(a);
                mapped[i] = memory.map(a);
                if (mapped[i] != null) {
                    ByteBuffer b = mapped[i].buffer().order(ByteOrder.nativeOrder());
                    views[i] = in.floats() != null ? b.asFloatBuffer() : b.asLongBuffer();
                }
            }
        } catch (RuntimeException | Error e) {
            made.close(); // what was made before the failure (a native allocation, say) is freed now
            throw e;
        }
        kept[at] = made;
        return made;
    }

    @Override
    public void close() {
        for (Kept k : kept) {
            if (k != null) {
                k.close();
            }
        }
        manager.close();
    }
}
