package io.streamrank.registry.training;

import io.streamrank.contract.model.ModelInputBatch;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/** Creates TensorFlow tensors from model inputs and closes them all together. */
public final class Tensors implements AutoCloseable {

    private final List<Tensor> open = new ArrayList<>();

    /** A tensor holding the input's data in its shape (float32 or int64). */
    public Tensor of(ModelInputBatch.Input in) {
        Shape shape = Shape.of(in.shape());
        Tensor t = in.floats() != null
                ? TFloat32.tensorOf(shape, DataBuffers.of(in.floats(), true, false))
                : TInt64.tensorOf(shape, DataBuffers.of(in.longs(), true, false));
        open.add(t);
        return t;
    }

    @Override
    public void close() {
        open.forEach(Tensor::close);
        open.clear();
    }
}
