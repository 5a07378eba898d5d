package io.streamrank.registry;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.repository.zoo.ZooModel;
import io.streamrank.contract.model.DjlModelInputs;
import io.streamrank.contract.model.KeptInputs;
import io.streamrank.contract.model.ModelInputBatch;
import io.streamrank.contract.model.ModelSignature;
import io.streamrank.contract.model.TfTensorMemory;
import java.nio.file.Path;

/** Scores batches with an exported SavedModel through DJL's TensorFlow engine, the way the ranking service does. */
final class DjlScorer implements AutoCloseable {

    private final ZooModel<NDList, NDList> model;
    private final Predictor<NDList, NDList> predictor;

    DjlScorer(Path savedModelDir) throws Exception {
        model = DjlModelInputs.criteria(savedModelDir).build().loadModel();
        predictor = model.newPredictor();
    }

    /** Scores the batch; also returns the output's shape so callers can check the signature. */
    Scored score(ModelInputBatch batch) throws Exception {
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDArray out = predictor.predict(DjlModelInputs.tensors(batch, manager)).singletonOrThrow();
            return new Scored(out.getShape().getShape(), out.toFloatArray());
        }
    }

    /** Input tensors kept between calls and written into their mapped memory, as the service's predictors (ADR 49). */
    KeptInputs keptInputs(int maxShapes) {
        return new KeptInputs(model.getNDManager(), maxShapes, () -> { }, new TfTensorMemory());
    }

    /** Scores the batch through {@code kept}'s tensors: every row's score, the padding rows' included. */
    Scored score(ModelInputBatch batch, KeptInputs kept) throws Exception {
        try (NDList out = predictor.predict(kept.tensors(batch, ModelSignature.SCHEMA_VERSION))) {
            NDArray scores = out.singletonOrThrow();
            return new Scored(scores.getShape().getShape(), scores.toFloatArray());
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
