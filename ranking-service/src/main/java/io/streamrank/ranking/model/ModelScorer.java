package io.streamrank.ranking.model;

import ai.djl.Device;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.streamrank.contract.model.ModelStore;
import io.streamrank.ranking.RankingProperties;
import jakarta.annotation.PreDestroy;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Serves the newest complete model version of the model store. With no usable model the service still answers, in
 * popularity order marked {@code degraded}; scoring failures surface as {@link ScoringException} for the same fallback.
 */
@Component
public class ModelScorer {

    private static final Logger log = LoggerFactory.getLogger(ModelScorer.class);

    private final LoadedModel model;

    ModelScorer(RankingProperties properties, MeterRegistry meters) {
        RankingProperties.Model settings = properties.model();
        ModelStore store = new ModelStore(Path.of(settings.dir()));
        Device device = "gpu".equals(settings.device()) ? Device.gpu() : Device.cpu();
        LoadedModel loaded = null;
        Optional<String> newest = store.newestVersion();
        if (newest.isEmpty()) {
            log.warn("no model version in {}: answers fall back to popularity order (degraded)",
                    store.root().toAbsolutePath());
        } else {
            try {
                loaded = LoadedModel.load(store, newest.get(), settings.predictors(), device);
                log.info("serving model {} from {} on {}", newest.get(), store.root().toAbsolutePath(), device);
            } catch (Exception e) {
                log.error("model {} could not be loaded; answers fall back to popularity order", newest.get(), e);
            }
        }
        this.model = loaded;
        Gauge.builder("streamrank.model.loaded", () -> model == null ? 0 : 1)
                .tag("version", model == null ? "none" : model.version())
                .description("1 while a model version is loaded and serving")
                .register(meters);
    }

    public Optional<String> version() {
        return model == null ? Optional.empty() : Optional.of(model.version());
    }

    /** Scores {@code n} rows; throws {@link ScoringException} if no model is loaded or inference fails. */
    public float[] score(float[] rows, int n) {
        if (model == null) {
            throw new ScoringException("no model loaded", null);
        }
        try {
            return model.score(rows, n);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ScoringException("interrupted", e);
        } catch (Exception e) {
            throw new ScoringException("inference failed", e);
        }
    }

    @PreDestroy
    void close() {
        if (model != null) {
            model.close();
        }
    }
}
