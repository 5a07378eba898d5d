package io.streamrank.ranking.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.util.Utils;
import java.util.function.BooleanSupplier;

/**
 * Turns {@code streamrank.model.device} into the DJL device every version loads on, after checking that TensorFlow
 * can use it (ADR 67). Asking for a GPU that TensorFlow cannot see is a configuration error, not an outage: without
 * this check the first model's warm-up fails with "unknown device", and the service would answer every request in
 * fallback order while its health says UP.
 */
final class DevicePreflight {

    /** DJL's name for the capability TensorFlow reports when its device list holds a GPU. */
    private static final String CUDA = "CUDA";
    /** Where DJL loads the TensorFlow natives from (its environment variable, else its system property). */
    private static final String NATIVES = "TENSORFLOW_LIBRARY_PATH";

    private DevicePreflight() {
    }

    /**
     * The device to load models on.
     *
     * @param configured        {@code cpu} or {@code gpu}
     * @param tensorFlowSeesGpu whether the loaded TensorFlow natives list a GPU device; asked only for {@code gpu}
     * @throws GpuUnavailableException when {@code gpu} is configured and TensorFlow lists none
     */
    static Device device(String configured, BooleanSupplier tensorFlowSeesGpu) {
        if (!"gpu".equals(configured)) {
            return Device.cpu();
        }
        if (!tensorFlowSeesGpu.getAsBoolean()) {
            String natives = Utils.getEnvOrSystemProperty(NATIVES, "unset");
            throw new GpuUnavailableException("streamrank.model.device=gpu, but TensorFlow lists no GPU device: either"
                    + " this JVM loaded the CPU natives (" + NATIVES + "=" + natives + ") or the node has no usable"
                    + " NVIDIA GPU, driver, CUDA 12 and cuDNN 8");
        }
        return Device.gpu();
    }

    /**
     * Asks DJL's TensorFlow engine, which lists TensorFlow's own devices: a GPU appears only with the GPU natives on
     * a node whose driver and CUDA libraries they can load.
     */
    static boolean tensorFlowSeesGpu() {
        return Engine.getEngine("TensorFlow").hasCapability(CUDA);
    }
}
