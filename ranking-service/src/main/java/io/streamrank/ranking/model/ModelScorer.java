package io.streamrank.ranking.model;

import ai.djl.Device;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.streamrank.contract.model.ModelInputBatch;
import io.streamrank.ranking.RankingProperties;
import jakarta.annotation.PreDestroy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Serves the current model version and swaps it atomically for a new one ({@link ModelWatcher} loads and warms the
 * new one first). A request scores with whichever version was current when it started; the old version is closed when
 * its last in-flight request finishes. With no usable model the service still answers, in retrieval order marked
 * {@code degraded}; scoring failures surface as {@link ScoringException} for the same fallback.
 */
@Component
public class ModelScorer {

    private static final Logger log = LoggerFactory.getLogger(ModelScorer.class);

    private final AtomicReference<LoadedModel> current = new AtomicReference<>();
    private final MeterRegistry meters;
    private final Counter swaps;
    private final Device device;
    private volatile Gauge loadedGauge;
    private final LoadedModel.Pooling pooling;
    private final List<Runnable> swapListeners = new CopyOnWriteArrayList<>();

    ModelScorer(RankingProperties properties, MeterRegistry meters) {
        this.meters = meters;
        this.device = "gpu".equals(properties.model().device()) ? Device.gpu() : Device.cpu();
        threads("ai.djl.tensorflow.num_intraop_threads", properties.model().intraOpThreads());
        threads("ai.djl.tensorflow.num_interop_threads", properties.model().interOpThreads());
        Timer predictorWait = Timer.builder("streamrank.model.predictor.wait")
                .description("Time a request waited until a model call took its rows (included in the score stage)")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(10_000))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(meters);
        DistributionSummary requestsPerCall = DistributionSummary.builder("streamrank.model.call.requests")
                .description("Requests scored together in one model call (dynamic batching of waiting requests)")
                .serviceLevelObjectives(1, 2, 3, 4, 6, 8)
                .register(meters);
        Counter inputShapes = Counter.builder("streamrank.model.input.shapes")
                .description("Input tensor sets a predictor made for a batch shape it did not keep (ADR 49): a few per"
                        + " predictor after a swap; rising steadily means the kept shapes thrash")
                .register(meters);
        this.pooling = new LoadedModel.Pooling(properties.model().predictors(), properties.model().maxBatchRows(),
                predictorWait, requestsPerCall, inputShapes);
        this.swaps = Counter.builder("streamrank.model.swaps").description("Model versions swapped in")
                .register(meters);
        Gauge.builder("streamrank.model.loaded.any", () -> current.get() == null ? 0 : 1)
                .description("1 while any model version is loaded and serving").register(meters);
    }

    /**
     * DJL's TensorFlow engine builds each session's thread pools from these system properties when it loads a model
     * (and keeps its GPU options); a value given on the command line wins.
     */
    private static void threads(String property, int threads) {
        if (threads != 0 && System.getProperty(property) == null) {
            System.setProperty(property, Integer.toString(threads));
        }
    }

    public Optional<String> version() {
        LoadedModel m = current.get();
        return m == null ? Optional.empty() : Optional.of(m.version());
    }

    /** The verified local directory of the serving version (item embeddings for retrieval live there). */
    public Optional<Path> versionDir() {
        LoadedModel m = current.get();
        return m == null ? Optional.empty() : Optional.of(m.dir());
    }

    /**
     * Runs {@code listener} on the swapping thread after each swap, so that what derives from the serving version (the
     * HNSW index) starts at once instead of at its next periodic check; it must not block.
     */
    public void onSwap(Runnable listener) {
        swapListeners.add(listener);
    }

    /** Scores every row of the batch; throws {@link ScoringException} if no model is loaded or inference fails. */
    public float[] score(ModelInputBatch batch) {
        while (true) {
            LoadedModel m = current.get();
            if (m == null) {
                throw new ScoringException("no model loaded", null);
            }
            if (!m.acquire()) {
                continue; // swapped out and closed between get() and acquire(): the next read sees the new one
            }
            try {
                return m.score(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ScoringException("interrupted", e);
            } catch (Exception e) {
                throw new ScoringException("inference failed", e);
            } finally {
                m.release();
            }
        }
    }

    /** The serving version itself (tests check it is closed after a swap). */
    LoadedModel current() {
        return current.get();
    }

    /** Loads a verified version directory and warms it; the caller swaps it in. */
    LoadedModel load(Path versionDir) throws Exception {
        LoadedModel m = LoadedModel.load(versionDir, pooling, device);
        try {
            m.warm();
            return m;
        } catch (Exception | Error e) {
            m.closeNow();
            throw e;
        }
    }

    /** Makes {@code next} current; the previous version closes once its in-flight requests are done. */
    void swap(LoadedModel next) {
        LoadedModel previous = current.getAndSet(next);
        Gauge old = loadedGauge;
        loadedGauge = Gauge.builder("streamrank.model.loaded", () -> current.get() == next ? 1 : 0)
                .tag("version", next.version()).description("1 while this model version is serving")
                .register(meters);
        if (old != null) {
            meters.remove(old);
        }
        swaps.increment();
        log.info("serving model {} on {}{}", next.version(), device,
                previous == null ? "" : " (was " + previous.version() + ", closed after its in-flight requests)");
        if (previous != null) {
            previous.release();
        }
        for (Runnable listener : swapListeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                log.warn("a model swap listener failed; the swap stands", e);
            }
        }
    }

    @PreDestroy
    void close() {
        LoadedModel m = current.getAndSet(null);
        if (m != null) {
            m.release();
        }
    }
}
