package io.streamrank.ranking.model;

/**
 * {@code streamrank.model.device=gpu} was asked for, but the TensorFlow natives this JVM loaded see no GPU: start-up
 * stops here rather than serve every request in fallback order on a node that was meant to score on a GPU (ADR 67).
 */
final class GpuUnavailableException extends IllegalStateException {

    GpuUnavailableException(String message) {
        super(message);
    }
}
