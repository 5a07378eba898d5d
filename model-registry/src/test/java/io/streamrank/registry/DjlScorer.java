package io.streamrank.registry;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import io.streamrank.contract.model.ModelInputBatch;
import java.nio.file.Path;

/** Scores batches with an exported SavedModel through DJL's TensorFlow engine, the way the ranking service does. */
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

    /** Scores the batch; also returns the output's shape so callers can check the signature. */
    Scored score(ModelInputBatch batch) throws Exception {
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDList inputs = new NDList();
            for (ModelInputBatch.Input in : batch.inputs()) {
                NDArray a = in.floats() != null ? manager.create(in.floats(), new Shape(in.shape()))
                        : manager.create(in.longs(), new Shape(in.shape()));
                // DJL matches inputs to the signature by name.
                a.setName(in.name());
                inputs.add(a);
            }
            NDArray out = predictor.predict(inputs).singletonOrThrow();
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
