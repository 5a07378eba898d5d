package io.streamrank.contract.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import java.nio.file.Path;

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

    /** The score tensor of a prediction: the signature's named output, else the only one. */
    public static NDArray scores(NDList outputs) {
        return outputs.contains(ModelSignature.OUTPUT_NAME) ? outputs.get(ModelSignature.OUTPUT_NAME) : outputs.get(0);
    }
}
