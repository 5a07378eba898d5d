package io.streamrank.ranking.model;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import io.streamrank.contract.model.DjlModelInputs;
import io.streamrank.contract.model.KeptInputs;
import io.streamrank.contract.model.ModelInputBatch;
import io.streamrank.contract.model.TfTensorMemory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The fixed pool of predictors of one loaded version, each with the input tensors only its holder uses:
 * {@link Predictor} is not thread-safe, so each model call holds one exclusively, and requests waiting for one are
 * scored together ({@link BatchingPool}).
 */
final class PredictorSlots {

    /** A predictor and the input tensors only its holder uses, kept between calls (ADR 49). */
    private record Slot(Predictor<NDList, NDList> predictor, KeptInputs inputs) {
    }

    /**
     * Padded batch shapes whose input tensors a predictor keeps: one to four requests scored together (the default
     * {@code max-batch-rows}), and a shorter request's.
     */
    private static final int KEPT_SHAPES = 6;

    private final int schemaVersion;
    private final BatchingPool<Slot> pool;

    /**
     * Makes {@code pooling.predictors()} predictors of {@code model}; if one fails, those made so far are closed and
     * the failure thrown (the model itself stays the caller's to close).
     *
     * @param schemaVersion the feature schema the version was trained for, which its input tensors are built in
     */
    PredictorSlots(ZooModel<NDList, NDList> model, LoadedModel.Pooling pooling, int schemaVersion) {
        this.schemaVersion = schemaVersion;
        List<Slot> slots = new ArrayList<>();
        try {
            for (int i = 0; i < pooling.predictors(); i++) {
                Predictor<NDList, NDList> predictor = model.newPredictor();
                try {
                    slots.add(new Slot(predictor, new KeptInputs(model.getNDManager(), KEPT_SHAPES,
                            pooling.inputShapes()::increment, new TfTensorMemory())));
                } catch (RuntimeException | Error e) {
                    predictor.close();
                    throw e;
                }
            }
        } catch (RuntimeException | Error e) {
            // The caller closes the model; the predictors and tensors made so far are this constructor's to free.
            slots.forEach(slot -> {
                slot.predictor().close();
                slot.inputs().close();
            });
            throw e;
        }
        this.pool = new BatchingPool<>(slots, pooling.maxBatchRows(), this::call, pooling.predictorWait(),
                pooling.requestsPerCall());
    }

    /** How many predictors the pool holds. */
    int size() {
        return pool.slots().size();
    }

    /** Every row of the batch scored, in one model call (shared with other requests waiting at the same time). */
    float[] score(ModelInputBatch batch) throws Exception {
        return pool.score(batch);
    }

    private float[] call(Slot slot, ModelInputBatch rows) throws TranslateException {
        // The outputs belong to the kept inputs' manager: closed here, each call. Scores past the batch's rows are
        // those of the padding rows.
        try (NDList outputs = slot.predictor().predict(slot.inputs().tensors(rows, schemaVersion))) {
            float[] scores = DjlModelInputs.scores(outputs).toFloatArray();
            return scores.length > rows.size() ? Arrays.copyOf(scores, rows.size()) : scores;
        }
    }

    /**
     * Closes every predictor and its kept input tensors, each one handed to {@code quietly} with what it closes, so
     * that the caller decides how a failure to close one is reported without it keeping the others open.
     */
    void close(BiConsumer<Runnable, String> quietly) {
        pool.slots().forEach(slot -> {
            quietly.accept(slot.predictor()::close, "a predictor");
            quietly.accept(slot.inputs()::close, "kept input tensors");
        });
    }
}
