package io.streamrank.ranking.model;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints a start-up refused for want of a GPU as what is wrong and what to do, not as a stack trace. */
final class GpuUnavailableFailureAnalyzer extends AbstractFailureAnalyzer<GpuUnavailableException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, GpuUnavailableException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Run the GPU build (-Dtf.natives.classifier=linux-x86_64-gpu, or the ranking-service-gpu image) with "
                        + "-DTENSORFLOW_LIBRARY_PATH pointing at its natives, on a node with an NVIDIA GPU (the "
                        + "deploy/overlays/gpu overlay asks for one), or set streamrank.model.device=cpu. README "
                        + "\"GPU\" has the commands.",
                cause);
    }
}
