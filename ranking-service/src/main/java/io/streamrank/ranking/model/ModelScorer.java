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
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
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
 * {@code degraded}; scoring failures surface as {@link ScoringException} for the same fallback. Beside the serving
 * version it may hold a canary and a shadow version ({@link Role}, ADR 55), each swapped and retired the same way.
 */
@Component
public class ModelScorer {

    private static final Logger log = LoggerFactory.getLogger(ModelScorer.class);

    private final Map<Role, AtomicReference<LoadedModel>> loaded = new EnumMap<>(Role.class);
    private final AtomicReference<LoadedModel> current;
    private final Counter swaps;
    private final Device device;
    private final VersionGauges gauges;
    private final LoadedModel.Pooling pooling;
    private final List<Runnable> swapListeners = new CopyOnWriteArrayList<>();
    /** Set by {@link #close}: a load that finishes after it (the watcher stopped mid-load) is closed, not published. */
    private volatile boolean closed;

    ModelScorer(RankingProperties properties, MeterRegistry meters) {
        for (Role role : Role.values()) {
            loaded.put(role, new AtomicReference<>());
        }
        this.current = loaded.get(Role.SERVING);
        threads("ai.djl.tensorflow.num_intraop_threads", properties.model().intraOpThreads());
        threads("ai.djl.tensorflow.num_interop_threads", properties.model().interOpThreads());
        this.device = DevicePreflight.device(properties.model().device(), DevicePreflight::tensorFlowSeesGpu);
        this.gauges = new VersionGauges(meters, properties.model().device());
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

    /** The serving version. */
    public Optional<String> version() {
        return version(Role.SERVING);
    }

    /** The version loaded for {@code role}, if any. */
    public Optional<String> version(Role role) {
        LoadedModel m = loaded.get(role).get();
        return m == null ? Optional.empty() : Optional.of(m.version());
    }

    /** The verified local directory of the serving version (item embeddings for retrieval live there). */
    public Optional<Path> versionDir() {
        LoadedModel m = current.get();
        return m == null ? Optional.empty() : Optional.of(m.dir());
    }

    /**
     * Runs {@code listener} on the swapping thread after each swap of the serving version, so that what derives from
     * it (the HNSW index) starts at once instead of at its next periodic check; it must not block.
     */
    public void onSwap(Runnable listener) {
        swapListeners.add(listener);
    }

    /** Scores every row of the batch with the serving version; see {@link #score(Role, ModelInputBatch)}. */
    public float[] score(ModelInputBatch batch) {
        return score(Role.SERVING, batch).scores();
    }

    /** Logits by row and the version that computed them. */
    public record Scored(float[] scores, String version) {
    }

    /** Whether a user is in the cohort of a canary version (ADR 55). */
    @FunctionalInterface
    public interface Cohort {
        boolean includes(long userId, String canaryVersion);
    }

    /**
     * Scores every row of the batch with the version loaded for {@code role}; throws {@link ScoringException} if none
     * is loaded, inference fails or a score is not a finite number.
     */
    public Scored score(Role role, ModelInputBatch batch) {
        return score(role, batch, null, 0L);
    }

    /**
     * Scores the batch with the canary version when the user is in its {@code cohort}; {@code null} when no canary is
     * loaded or the user is not in its cohort (the serving version ranks them). The cohort is asked about the very
     * version that then scores, from one read of the canary's slot: with the version read a second time, a canary
     * swapped in between ranked a user of the previous one's cohort. Throws {@link ScoringException} like
     * {@link #score(Role, ModelInputBatch)} when the canary fails.
     */
    public Scored scoreCanary(long userId, Cohort cohort, ModelInputBatch batch) {
        return score(Role.CANARY, batch, cohort, userId);
    }

    /** With {@code cohort} null, every request is the role's and a missing version fails. */
    private Scored score(Role role, ModelInputBatch batch, Cohort cohort, long userId) {
        AtomicReference<LoadedModel> slot = loaded.get(role);
        while (true) {
            LoadedModel m = slot.get();
            if (m == null) {
                if (cohort != null) {
                    return null;
                }
                throw ScoringException.notLoaded(VersionGauges.name(role));
            }
            if (cohort != null && !cohort.includes(userId, m.version())) {
                return null;
            }
            if (!m.acquire()) {
                continue; // swapped out and closed between get() and acquire(): the next read sees the new one
            }
            float[] scores;
            try {
                scores = m.score(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ScoringException("interrupted", e);
            } catch (Exception e) {
                throw new ScoringException("inference failed", e);
            } finally {
                m.release();
            }
            int bad = firstNonFinite(scores);
            if (bad >= 0) {
                // NaN sorts above every score and is not a JSON number: a broken version must fall back, marked.
                throw new ScoringException("model " + m.version() + " scored row " + bad + " as " + scores[bad], null);
            }
            return new Scored(scores, m.version());
        }
    }

    /** The first score that is NaN or infinite, or -1. */
    static int firstNonFinite(float[] scores) {
        for (int i = 0; i < scores.length; i++) {
            if (!Float.isFinite(scores[i])) {
                return i;
            }
        }
        return -1;
    }

    /** The serving version itself (tests check it is closed after a swap). */
    LoadedModel current() {
        return current.get();
    }

    /** The version loaded for {@code role} itself, or null (tests check which copy serves). */
    LoadedModel loaded(Role role) {
        return loaded.get(role).get();
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

    /** Makes {@code next} the version for {@code role}; the previous one closes once its in-flight calls are done. */
    void swap(Role role, LoadedModel next) {
        if (closed) {
            log.info("model {} loaded after shutdown began: closed instead of served", next.version());
            next.closeNow();
            return;
        }
        swapIn(role, next);
    }

    /**
     * The set and what follows it, {@link #close} possibly begun since {@link #swap} looked (a test enters here with
     * it begun: the only way into that window of two statements).
     */
    void swapIn(Role role, LoadedModel next) {
        AtomicReference<LoadedModel> slot = loaded.get(role);
        LoadedModel previous = slot.getAndSet(next);
        if (closed) {
            // The swap lost to shutdown. If close() emptied this slot before the set, nothing else will release next;
            // if after, it released next and never saw previous. Nothing of it may show: no gauge for a version that
            // never served, no listener rebuilding from it.
            if (slot.compareAndSet(next, null)) {
                next.release();
            }
            if (previous != null) {
                previous.release();
            }
            log.info("model {} swapped in as shutdown began: closed instead of served", next.version());
            return;
        }
        gauges.show(role, slot, next);
        if (role == Role.SERVING) {
            swaps.increment();
        }
        String as = role == Role.SERVING ? "serving" : "loaded " + VersionGauges.name(role);
        log.info("{} model {} on {}{}", as, next.version(), device, previous == null ? ""
                : " (was " + previous.version() + ", closed after its in-flight requests)");
        try {
            if (previous != null) {
                previous.release();
            }
        } finally {
            if (role == Role.SERVING) {
                for (Runnable listener : swapListeners) {
                    try {
                        listener.run();
                    } catch (RuntimeException e) {
                        log.warn("a model swap listener failed; the swap stands", e);
                    }
                }
            }
        }
    }

    /**
     * Takes {@code version} out of {@code role} when that role holds it, its reference moving to the caller: a canary
     * promoted to production is served as it is already loaded instead of being loaded a third time (the old serving
     * version, the canary and a new copy at once, which a GPU sized for two would not hold).
     */
    Optional<LoadedModel> take(Role role, String version) {
        AtomicReference<LoadedModel> slot = loaded.get(role);
        LoadedModel m = slot.get();
        if (m == null || !m.version().equals(version) || !slot.compareAndSet(m, null)) {
            return Optional.empty();
        }
        gauges.hide(role);
        return Optional.of(m);
    }

    /** Drops the canary or shadow version (its stage moved on); it closes once its in-flight calls are done. */
    void retire(Role role) {
        if (role == Role.SERVING) {
            throw new IllegalArgumentException("the serving version is only ever replaced");
        }
        LoadedModel previous = loaded.get(role).getAndSet(null);
        if (previous == null) {
            return;
        }
        gauges.hide(role);
        log.info("{} model {} retired (closed after its in-flight calls)", VersionGauges.name(role), previous.version());
        previous.release();
    }

    @PreDestroy
    void close() {
        closed = true;
        for (AtomicReference<LoadedModel> slot : loaded.values()) {
            LoadedModel m = slot.getAndSet(null);
            if (m != null) {
                m.release();
            }
        }
    }
}
