package io.streamrank.contract.model;

import ai.djl.ndarray.NDArray;
import ai.djl.tensorflow.engine.TfNDArray;
import java.nio.ByteBuffer;
import org.tensorflow.internal.c_api.TFE_TensorHandle;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.internal.c_api.TF_Tensor;
import org.tensorflow.internal.c_api.global.tensorflow;

/**
 * A kept input tensor's memory on DJL's TensorFlow engine (ADR 49): the tensor behind the array's eager handle is
 * resolved once and its data mapped as a buffer, which the service then writes every call without a native call.
 * The same resolve-and-write DJL's own {@code TfNDArray.set} does per call; the resolved tensor shares the handle's
 * buffer on the CPU, and is deleted when the mapping closes, before the array. Only CPU tensors are mapped. Needs
 * DJL's TensorFlow engine and TensorFlow Java on the classpath (optional dependencies of this module).
 */
public final class TfTensorMemory implements KeptInputs.TensorMemory {

    @Override
    public Mapped map(NDArray array) {
        if (!(array instanceof TfNDArray tf) || array.getDevice().isGpu()) {
            return null;
        }
        TFE_TensorHandle handle = tf.getHandle();
        TF_Tensor tensor;
        try (TF_Status status = TF_Status.newStatus()) {
            tensor = tensorflow.TFE_TensorHandleResolve(handle, status);
            status.throwExceptionIfNotOK();
        }
        long bytes = tensorflow.TF_TensorByteSize(tensor);
        if (bytes == 0) {
            tensorflow.TF_DeleteTensor(tensor);
            return null;
        }
        ByteBuffer buffer = tensorflow.TF_TensorData(tensor).capacity(bytes).asByteBuffer();
        return new Mapped() {
            @Override
            public ByteBuffer buffer() {
                return buffer;
            }

            @Override
            public void close() {
                tensorflow.TF_DeleteTensor(tensor);
            }
        };
    }
}
