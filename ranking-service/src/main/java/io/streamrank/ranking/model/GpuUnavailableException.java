package io.streamrank.ranking.model;

import io.streamrank.ranking.StartupRefusedException;

/**
 * {@code streamrank.model.device=gpu} was asked for, but the TensorFlow natives this JVM loaded see no GPU: start-up
 * stops here rather than serve every request in fallback order on a node that was meant to score on a GPU (ADR 67).
 */
final class GpuUnavailableException extends StartupRefusedException {

    private static final long serialVersionUID = 1L;

    GpuUnavailableException(String message) {
        super(message, "Run the GPU build (-Dtf.natives.classifier=linux-x86_64-gpu, or the ranking-service-gpu image)"
                + " with -DTENSORFLOW_LIBRARY_PATH pointing at its natives, on a node with an NVIDIA GPU (the"
                + " deploy/overlays/gpu overlay asks for one), or set streamrank.model.device=cpu. README \"GPU\" has"
                + " the commands.");
    }
}
