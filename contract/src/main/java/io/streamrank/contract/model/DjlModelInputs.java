package io.streamrank.contract.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The one place where {@link ModelSignature} meets DJL: how an exported SavedModel is opened and how a
 * {@link ModelInputBatch} becomes named tensors, for the service, the offline evaluation, the tests and the bench.
 * DJL's API is an optional dependency of this module: only callers that score bring it (the Flink job never does).
 */
public final class DjlModelInputs {

    private DjlModelInputs() {
    }

    /** Criteria for {@code <version>/}{@link ModelStore#SAVED_MODEL_DIR} on the TensorFlow engine; add a device. */
    public static Criteria.Builder<NDList, NDList> criteria(Path savedModelDir) {
        return Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optModelPath(savedModelDir)
                .optEngine("TensorFlow")
                .optOption("Tags", ModelSignature.TAG)
                .optOption("SignatureDefKey", ModelSignature.SIGNATURE_KEY);
    }

    /** The batch's inputs as tensors owned by {@code manager}, named as the current schema's signature expects. */
    public static NDList tensors(ModelInputBatch batch, NDManager manager) {
        return tensors(batch, manager, ModelSignature.SCHEMA_VERSION);
    }

    /**
     * The batch's inputs for a model of {@code schemaVersion} (its metadata's), so a service can keep serving a model
     * of the previous schema.
     *
     * @throws IllegalArgumentException when the schema is not one of {@link ModelSignature#SERVABLE_SCHEMA_VERSIONS}
     */
    public static NDList tensors(ModelInputBatch batch, NDManager manager, int schemaVersion) {
        NDList inputs = new NDList();
        for (ModelInputBatch.Input in : batch.inputs(schemaVersion)) {
            NDArray a = in.floats() != null ? manager.create(in.floats(), new Shape(in.shape()))
                    : manager.create(in.longs(), new Shape(in.shape()));
            // DJL matches inputs to the signature by name, not by position.
            a.setName(in.name());
            inputs.add(a);
        }
        return inputs;
    }

    /**
     * As {@link #tensors(ModelInputBatch, NDManager, int)}, staging the data through {@code staging}'s reused direct
     * buffers: given a Java array, DJL's TensorFlow engine allocates (and zeroes) a fresh direct buffer per input and
     * call before copying it into the tensor, which showed as ~2 % of the service's CPU; given a direct buffer it
     * copies straight from it. The values are read from the batch's own arrays ({@link ModelInputBatch#views}), not
     * from trimmed copies. The tensors do not keep the buffers: they can be reused once this returns.
     */
    public static NDList tensors(ModelInputBatch batch, NDManager manager, int schemaVersion, Staging staging) {
        NDList inputs = new NDList();
        List<ModelInputBatch.Input> all = batch.views(schemaVersion);
        for (int i = 0; i < all.size(); i++) {
            ModelInputBatch.Input in = all.get(i);
            int count = in.count();
            NDArray a = in.floats() != null
                    ? manager.create(staging.floats(i, in.floats(), count), new Shape(in.shape()), DataType.FLOAT32)
                    : manager.create(staging.longs(i, in.longs(), count), new Shape(in.shape()), DataType.INT64);
            a.setName(in.name());
            inputs.add(a);
        }
        return inputs;
    }

    /**
     * Direct buffers in native byte order, one per input position, grown as batches grow and reused across calls.
     * Not thread-safe: one per {@link ai.djl.inference.Predictor}, used by the thread that holds it.
     */
    public static final class Staging {

        private ByteBuffer[] buffers = new ByteBuffer[0];

        /** The first {@code count} values of {@code data}, staged for input position {@code input}. */
        ByteBuffer floats(int input, float[] data, int count) {
            return floats(input, data, count, count);
        }

        /** The first {@code count} values of {@code data} followed by zeros up to {@code total} values. */
        ByteBuffer floats(int input, float[] data, int count, int total) {
            ByteBuffer b = buffer(input, bytes(total, Float.BYTES));
            FloatBuffer f = b.asFloatBuffer().put(data, 0, count);
            while (f.hasRemaining()) {
                f.put(0f);
            }
            return b;
        }

        /** The first {@code count} values of {@code data}, staged for input position {@code input}. */
        ByteBuffer longs(int input, long[] data, int count) {
            return longs(input, data, count, count);
        }

        /** The first {@code count} values of {@code data} followed by zeros up to {@code total} values. */
        ByteBuffer longs(int input, long[] data, int count, int total) {
            ByteBuffer b = buffer(input, bytes(total, Long.BYTES));
            LongBuffer l = b.asLongBuffer().put(data, 0, count);
            while (l.hasRemaining()) {
                l.put(0L);
            }
            return b;
        }

        /**
         * The bytes of {@code values} values of {@code width} bytes: a batch whose input does not fit one buffer
         * (2 GiB; about 13 M rows of 20 context items) is refused with its size, not wrapped into a negative one.
         */
        private static int bytes(int values, int width) {
            long bytes = (long) values * width;
            if (bytes > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("a model input of " + values + " values of " + width
                        + " bytes is larger than one buffer holds (" + Integer.MAX_VALUE + " bytes)");
            }
            return (int) bytes;
        }

        /** The input's buffer, positioned at 0 with exactly {@code bytes} remaining (what DJL checks). */
        private ByteBuffer buffer(int input, int bytes) {
            if (input >= buffers.length) {
                buffers = Arrays.copyOf(buffers, input + 1);
            }
            ByteBuffer b = buffers[input];
            if (b == null || b.capacity() < bytes) {
                // Room for growth, so that a slightly larger batch does not reallocate.
                b = ByteBuffer.allocateDirect((int) Math.min(Integer.MAX_VALUE, bytes + (long) bytes / 2))
                        .order(ByteOrder.nativeOrder());
                buffers[input] = b;
            }
            b.clear().limit(bytes);
            return b;
        }
    }

    /** The score tensor of a prediction: the signature's named output, else the only one. */
    public static NDArray scores(NDList outputs) {
        return outputs.contains(ModelSignature.OUTPUT_NAME) ? outputs.get(ModelSignature.OUTPUT_NAME) : outputs.get(0);
    }
}
