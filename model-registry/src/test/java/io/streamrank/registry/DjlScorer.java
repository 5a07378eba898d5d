package io.streamrank.registry;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import io.streamrank.contract.model.ModelSignature;
import java.nio.file.Path;

/** Scores rows with an exported SavedModel through DJL's TensorFlow engine, the way the ranking service does. */
final class DjlScorer implements AutoCloseable {

    private final ZooModel<NDList, NDList> model;
    private final Predictor<NDList, NDList> predictor;

    DjlScorer(Path savedModelDir) throws Exception {
        model = Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optModelPath(savedModelDir)
                .optEngine("TensorFlow")
                .build()
                .loadModel();
        predictor = model.newPredictor();
    }

    /** Scores {@code rows}; also returns the output's shape so callers can check the signature. */
    Scored score(float[][] rows) throws Exception {
        float[] flat = new float[rows.length * ModelSignature.FEATURE_COUNT];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * ModelSignature.FEATURE_COUNT, ModelSignature.FEATURE_COUNT);
        }
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDArray input = manager.create(flat, new Shape(rows.length, ModelSignature.FEATURE_COUNT));
            // DJL matches inputs to the signature by name.
            input.setName(ModelSignature.INPUT_NAME);
            NDArray out = predictor.predict(new NDList(input)).singletonOrThrow();
            return new Scored(out.getShape().getShape(), out.toFloatArray());
        }
    }

    record Scored(long[] shape, float[] scores) {
    }

    @Override
    public void close() {
        predictor.close();
        model.close();
    }
}
