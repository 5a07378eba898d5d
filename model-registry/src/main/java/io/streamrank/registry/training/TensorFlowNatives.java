package io.streamrank.registry.training;

import ai.djl.engine.Engine;

/** Loads the TensorFlow natives before any TensorFlow Java class is touched. */
public final class TensorFlowNatives {

    private TensorFlowNatives() {
    }

    /**
     * DJL's TensorFlow engine points JavaCPP at {@code -DTENSORFLOW_LIBRARY_PATH} (the unpacked native jar); without
     * this, TensorFlow Java fails with {@code UnsatisfiedLinkError: jnitensorflow}. Idempotent.
     */
    public static void load() {
        Engine.getEngine("TensorFlow");
    }
}
