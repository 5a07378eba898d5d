package io.streamrank.ranking.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.streamrank.contract.features.ItemFeatures;
import io.streamrank.contract.features.UserFeatures;
import io.streamrank.contract.model.DjlModelInputs;
import io.streamrank.contract.model.ItemCategories;
import io.streamrank.contract.model.ModelInputBatch;
import io.streamrank.contract.model.ModelMetadata;
import io.streamrank.contract.model.ModelSignature;
import io.streamrank.contract.model.ModelStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One model version loaded through DJL, with a fixed pool of predictors ({@link PredictorSlots}: a DJL predictor is not
 * thread-safe, so each model call holds one exclusively; requests waiting for one are scored together) and a
 * reference count: the scorer holds one reference while the version is current, each request one while it scores,
 * and the native model is closed when the last one is released, so a retired version finishes its in-flight requests
 * before it goes away.
 */
final class LoadedModel {

    private final String version;
    private final ModelMetadata metadata;
    private final Path dir;
    /** Held with the version so that a swap replaces it with the scores it belongs to (ADR 82). */
    private final ItemCategories itemCategories;
    private final ZooModel<NDList, NDList> model;
    private final PredictorSlots predictors;
    private static final Logger log = LoggerFactory.getLogger(LoadedModel.class);

    private final AtomicInteger refs = new AtomicInteger(1);
    private final AtomicBoolean closed = new AtomicBoolean();

    private LoadedModel(String version, ModelMetadata metadata, Path dir, ItemCategories itemCategories,
                        ZooModel<NDList, NDList> model, Pooling pooling) {
        this.version = version;
        this.metadata = metadata;
        this.dir = dir;
        this.itemCategories = itemCategories;
        this.model = model;
        this.predictors = new PredictorSlots(model, pooling, metadata.schemaVersion());
    }

    /**
     * How a version's predictors are shared: {@code predictors} slots; requests waiting for one are scored together
     * in calls of at most {@code maxBatchRows} rows; the wait, the requests per call and the input tensor sets made
     * for new batch shapes are recorded.
     */
    record Pooling(int predictors, int maxBatchRows, Timer predictorWait, DistributionSummary requestsPerCall,
                   Counter inputShapes) {
    }

    /**
     * Loads a verified local copy of a version ({@code <dir>/model}, {@code <dir>/metadata.json}, and
     * {@code <dir>/item_categories.bin} when it has one).
     *
     * @throws IOException when the metadata is unreadable, the schema or the dense feature columns are not the ones
     *                     this service fills, or DJL cannot load
     */
    static LoadedModel load(Path dir, Pooling pooling, Device device) throws IOException {
        ModelMetadata metadata = ModelMetadata.read(dir.resolve(ModelMetadata.FILE_NAME));
        String version = metadata.version();
        // The previous schema too: a service upgrade must not wait for a model retrained on the new one (ADR 0034).
        if (!ModelSignature.SERVABLE_SCHEMA_VERSIONS.contains(metadata.schemaVersion())) {
            throw new IOException("model " + version + " was trained for feature schema " + metadata.schemaVersion()
                    + " but this service builds schemas " + ModelSignature.SERVABLE_SCHEMA_VERSIONS);
        }
        // The service fills the columns in this order whatever the model says; a model trained on another order (a
        // column moved without a schema bump) would load and score every candidate with the wrong inputs.
        if (!ModelSignature.FEATURES.equals(metadata.features())) {
            throw new IOException("model " + version + " lists dense features " + metadata.features()
                    + " but this service fills " + ModelSignature.FEATURES);
        }
        ItemCategories itemCategories = ExportedCategories.read(dir, version);
        Criteria<NDList, NDList> criteria = DjlModelInputs.criteria(dir.resolve(ModelStore.SAVED_MODEL_DIR))
                .optDevice(device)
                .build();
        ZooModel<NDList, NDList> model;
        try {
            model = criteria.loadModel();
        } catch (ModelNotFoundException | MalformedModelException | RuntimeException e) {
            throw new IOException("cannot load model " + version + ": " + e.getMessage(), e);
        }
        try {
            return new LoadedModel(version, metadata, dir, itemCategories, model, pooling);
        } catch (RuntimeException e) {
            model.close(); // its TensorFlow session, and on a GPU its device memory
            throw new IOException("cannot load model " + version + ": " + e.getMessage(), e);
        } catch (Error e) {
            // An OutOfMemoryError (heap or device) too: the watcher tries again at later polls, and each try would
            // otherwise leave one more session behind.
            model.close();
            throw e;
        }
    }

    String version() {
        return version;
    }

    ModelMetadata metadata() {
        return metadata;
    }

    /** The verified local version directory (SavedModel, item embeddings, metadata). */
    Path dir() {
        return dir;
    }

    /** Each item's training category ({@link ItemCategories#NONE} for a version exported without them). */
    ItemCategories itemCategories() {
        return itemCategories;
    }

    /** Scores one row per predictor before the version serves, so no request pays for TensorFlow's first run. */
    void warm() throws Exception {
        ModelInputBatch batch = new ModelInputBatch(1);
        batch.add(UserFeatures.EMPTY, ItemFeatures.MISSING, 1L, 0L, 0L, System.currentTimeMillis());
        for (int i = 0; i < predictors.size(); i++) {
            float[] s = score(batch);
            if (s.length != 1 || !Float.isFinite(s[0])) {
                throw new IllegalStateException("model " + version + " scored a warm-up row as " + s.length
                        + " values, first " + (s.length > 0 ? s[0] : Float.NaN));
            }
        }
    }

    /** Takes a reference for one request; false when the version is already closed (the caller retries). */
    boolean acquire() {
        while (true) {
            int r = refs.get();
            if (r <= 0) {
                return false;
            }
            if (refs.compareAndSet(r, r + 1)) {
                return true;
            }
        }
    }

    /** Gives a reference back; the last one closes the version. */
    void release() {
        if (refs.decrementAndGet() == 0) {
            closeNow();
        }
    }

    boolean isClosed() {
        return closed.get();
    }

    /** Every row of the batch scored, in one model call (shared with other requests waiting at the same time). */
    float[] score(ModelInputBatch batch) throws Exception {
        return predictors.score(batch);
    }

    /**
     * Closes without waiting for references: only for a version that never served, or at shutdown. Never throws, and
     * one resource that fails to close does not keep the others open: the last {@link #release} may run in a request's
     * {@code finally}, where an exception would replace its scores with a 500.
     */
    void closeNow() {
        if (closed.compareAndSet(false, true)) {
            predictors.close(this::closeQuietly);
            closeQuietly(model::close, "the model");
        }
    }

    private void closeQuietly(Runnable close, String what) {
        try {
            close.run();
        } catch (RuntimeException | Error e) {
            log.warn("closing {} of model {} failed; closing the rest", what, version, e);
        }
    }
}
