package io.streamrank.ranking.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import io.streamrank.contract.model.ModelMetadata;
import io.streamrank.contract.model.ModelSignature;
import io.streamrank.contract.model.ModelStore;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * One model version loaded through DJL, with a fixed pool of predictors ({@link Predictor} is not thread-safe, so each
 * scoring call borrows one exclusively).
 */
final class LoadedModel implements AutoCloseable {

    private final String version;
    private final ModelMetadata metadata;
    private final ZooModel<NDList, NDList> model;
    private final BlockingQueue<Predictor<NDList, NDList>> pool;

    private LoadedModel(String version, ModelMetadata metadata, ZooModel<NDList, NDList> model, int predictors) {
        this.version = version;
        this.metadata = metadata;
        this.model = model;
        this.pool = new ArrayBlockingQueue<>(predictors);
        for (int i = 0; i < predictors; i++) {
            pool.add(model.newPredictor());
        }
    }

    static LoadedModel load(ModelStore store, String version, int predictors, Device device) throws IOException {
        ModelMetadata metadata = ModelMetadata.read(store.metadataFile(version));
        if (metadata.schemaVersion() != ModelSignature.SCHEMA_VERSION) {
            throw new IOException("model " + version + " was trained for feature schema " + metadata.schemaVersion()
                    + " but this service builds schema " + ModelSignature.SCHEMA_VERSION);
        }
        Criteria<NDList, NDList> criteria = Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optModelPath(store.savedModelDir(version))
                .optEngine("TensorFlow")
                .optDevice(device)
                .optOption("Tags", ModelSignature.TAG)
                .optOption("SignatureDefKey", ModelSignature.SIGNATURE_KEY)
                .build();
        try {
            return new LoadedModel(version, metadata, criteria.loadModel(), predictors);
        } catch (ModelNotFoundException | MalformedModelException e) {
            throw new IOException("cannot load model " + version + ": " + e.getMessage(), e);
        }
    }

    String version() {
        return version;
    }

    ModelMetadata metadata() {
        return metadata;
    }

    /** Scores {@code n} rows of {@link ModelSignature#FEATURE_COUNT} floats; one batched call. */
    float[] score(float[] rows, int n) throws TranslateException, InterruptedException {
        int width = ModelSignature.FEATURE_COUNT;
        float[] data = rows.length == n * width ? rows : Arrays.copyOf(rows, n * width);
        Predictor<NDList, NDList> predictor = pool.take();
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDArray input = manager.create(data, new Shape(n, width));
            input.setName(ModelSignature.INPUT_NAME);
            NDList out = predictor.predict(new NDList(input));
            NDArray scores = out.contains(ModelSignature.OUTPUT_NAME) ? out.get(ModelSignature.OUTPUT_NAME) : out.get(0);
            return scores.toFloatArray();
        } finally {
            pool.add(predictor);
        }
    }

    @Override
    public void close() {
        pool.forEach(Predictor::close);
        model.close();
    }
}
