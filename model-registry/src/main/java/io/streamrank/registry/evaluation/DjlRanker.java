package io.streamrank.registry.evaluation;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import io.streamrank.contract.model.ModelInputBatch;
import io.streamrank.contract.model.ModelSignature;
import java.nio.file.Path;

/** Scores batches with an exported SavedModel through DJL's TensorFlow engine, exactly as the ranking service does. */
final class DjlRanker implements AutoCloseable {

    private final ZooModel<NDList, NDList> model;
    private final Predictor<NDList, NDList> predictor;

    DjlRanker(Path savedModelDir) throws Exception {
        model = Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optModelPath(savedModelDir)
                .optEngine("TensorFlow")
                .optOption("Tags", ModelSignature.TAG)
                .optOption("SignatureDefKey", ModelSignature.SIGNATURE_KEY)
                .build()
                .loadModel();
        predictor = model.newPredictor();
    }

    float[] score(ModelInputBatch batch) throws Exception {
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDList inputs = new NDList();
            for (ModelInputBatch.Input in : batch.inputs()) {
                NDArray a = in.floats() != null ? manager.create(in.floats(), new Shape(in.shape()))
                        : manager.create(in.longs(), new Shape(in.shape()));
                a.setName(in.name());
                inputs.add(a);
            }
            NDList out = predictor.predict(inputs);
            NDArray scores = out.contains(ModelSignature.OUTPUT_NAME) ? out.get(ModelSignature.OUTPUT_NAME)
                    : out.get(0);
            return scores.toFloatArray();
        }
    }

    @Override
    public void close() {
        predictor.close();
        model.close();
    }
}
