package io.streamrank.ranking.model;

import ai.djl.Device;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.streamrank.contract.model.ItemCategories;
import io.streamrank.contract.model.ModelInputBatch;
import io.streamrank.ranking.RankingProperties;
import jakarta.annotation.PreDestroy;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;

/**
 * Serves the current model version and swaps it atomically for a new one ({@link ModelWatcher} loads and warms the
 * new one first, {@link VersionSwaps} swaps it in). A request scores with whichever version was current when it
 * started; the old version is closed when its last in-flight request finishes. With no usable model the service still
 * answers, in retrieval order marked {@code degraded}; scoring failures surface as {@link ScoringException} for the
 * same fallback. Beside the serving version it may hold a canary and a shadow version ({@link Role}, ADR 55), each
 * swapped and retired the same way.
 */
@Component
public class ModelScorer {

    private final Map<Role, AtomicReference<LoadedModel>> loaded = new EnumMap<>(Role.class);
    private final AtomicReference<LoadedModel> current;
    private final Device device;
    private final LoadedModel.Pooling pooling;
    private final VersionSwaps swaps;

    ModelScorer(RankingProperties properties, MeterRegistry meters) {
        for (Role role : Role.values()) {
            loaded.put(role, new AtomicReference<>());
        }
        this.current = loaded.get(Role.SERVING);
        threads("ai.djl.tensorflow.num_intraop_threads", properties.model().intraOpThreads());
        threads("ai.djl.tensorflow.num_interop_threads", properties.model().interOpThreads());
        this.device = DevicePreflight.device(properties.model().device(), DevicePreflight::tensorFlowSeesGpu);
        this.pooling = PredictorPooling.of(properties.model(), meters);
        this.swaps = new VersionSwaps(loaded, meters, properties.model().device(), device);
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
     * Each item's training category in the serving version (ADR 82), {@link ItemCategories#NONE} while none serves or
     * it was exported without them. Read from the same slot as the version itself, so a swap replaces both at once.
     */
    public ItemCategories itemCategories() {
        LoadedModel m = current.get();
        return m == null ? ItemCategories.NONE : m.itemCategories();
    }

    /**
     * The table of the version that will rank {@code userId}: the canary's for a user of its cohort, so that the rows
     * it scores carry the categories it was trained with (an item newer than the serving version is known to it),
     * else the serving version's. A canary swapped before the scoring may rank with the other table; the table is
     * only the fallback for items neither live features nor the catalog know.
     */
    public ItemCategories itemCategories(long userId, Cohort cohort) {
        LoadedModel canary = loaded.get(Role.CANARY).get();
        return canary != null && cohort.includes(userId, canary.version()) ? canary.itemCategories()
                : itemCategories();
    }

    /**
     * Runs {@code listener} on the swapping thread after each swap of the serving version, so that what derives from
     * it (the HNSW index) starts at once instead of at its next periodic check; it must not block.
     */
    public void onSwap(Runnable listener) {
        swaps.onSwap(listener);
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

    /** With {@code cohort} null, every request is the role's and a missing version fails ({@link RoleScoring}). */
    private Scored score(Role role, ModelInputBatch batch, Cohort cohort, long userId) {
        return RoleScoring.score(role, loaded.get(role), batch, cohort, userId);
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
        swaps.swap(role, next);
    }

    /** {@link #swap} past its look at shutdown (a test enters here with shutdown begun). */
    void swapIn(Role role, LoadedModel next) {
        swaps.swapIn(role, next);
    }

    /**
     * Takes {@code version} out of {@code role} when that role holds it, its reference moving to the caller: a canary
     * promoted to production is served as it is already loaded instead of being loaded a third time (the old serving
     * version, the canary and a new copy at once, which a GPU sized for two would not hold).
     */
    Optional<LoadedModel> take(Role role, String version) {
        return swaps.take(role, version);
    }

    /** Drops the canary or shadow version (its stage moved on); it closes once its in-flight calls are done. */
    void retire(Role role) {
        swaps.retire(role);
    }

    @PreDestroy
    void close() {
        swaps.close();
    }
}
