package io.streamrank.registry.evaluation;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.repository.zoo.ZooModel;
import io.streamrank.contract.model.DjlModelInputs;
import io.streamrank.contract.model.ModelInputBatch;
import java.nio.file.Path;

/** Scores batches with an exported SavedModel through DJL's TensorFlow engine, exactly as the ranking service does. */
final class DjlRanker implements AutoCloseable {

    private final ZooModel<NDList, NDList> model;
    private final Predictor<NDList, NDList> predictor;

    DjlRanker(Path savedModelDir) throws Exception {
        model = DjlModelInputs.criteria(savedModelDir).build().loadModel();
        predictor = model.newPredictor();
    }

    float[] score(ModelInputBatch batch) throws Exception {
        try (NDManager manager = model.getNDManager().newSubManager()) {
            return DjlModelInputs.scores(predictor.predict(DjlModelInputs.tensors(batch, manager))).toFloatArray();
        }
    }

    @Override
    public void close() {
        predictor.close();
        model.close();
    }
}
