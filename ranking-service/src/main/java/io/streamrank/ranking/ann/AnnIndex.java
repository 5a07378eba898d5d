package io.streamrank.ranking.ann;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.streamrank.contract.model.ItemEmbeddings;
import io.streamrank.ranking.RankingProperties;
import io.streamrank.ranking.model.ModelScorer;
import jakarta.annotation.PreDestroy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The HNSW index of the item embeddings of the model version being served. A background thread checks the served
 * version when one is swapped in and every {@code streamrank.retrieval.ann-reload-check}; when it changes, the new
 * version's {@code item_embeddings.bin} and the HNSW graph exported with it ({@code item_graph/}, ADR 69) are read
 * off the request path (a version without a usable graph has one built here), the neighbour lists the old index
 * was asked for most are searched in the new one ({@code ann-carried-lists}, ADR 68), and it is swapped in (the old
 * index, on the heap, is left to the garbage collector once in-flight searches are done with it). No file, or a bad
 * one: ANN retrieval is skipped, logged once per version.
 */
@Component
public class AnnIndex {

    private static final Logger log = LoggerFactory.getLogger(AnnIndex.class);

    /** What is known about the served version's embeddings. */
    private record State(String version, HnswIndex index, String unavailableReason) {
    }

    private final ModelScorer scorer;
    private final AnnIndexBuilder builder;
    private final ScheduledExecutorService worker;
    private volatile State state = new State(null, null, "loading");
    /** Neighbour lists of the indexes swapped out, so that the counters keep rising across model versions. */
    private final AtomicLong retiredCached = new AtomicLong();
    private final AtomicLong retiredSearched = new AtomicLong();

    AnnIndex(ModelScorer scorer, RankingProperties properties, MeterRegistry meters) {
        this.scorer = scorer;
        this.builder = new AnnIndexBuilder(properties, meters);
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ann-index");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(1L, properties.retrieval().annReloadCheck().toMillis());
        worker.scheduleWithFixedDelay(this::checkLogged, 0, period, TimeUnit.MILLISECONDS);
        // The first periodic check usually runs before the model is loaded: a swap starts the build at once rather
        // than up to a whole period later (the warm-up and readiness wait for the index, ADR 53).
        scorer.onSwap(this::checkSoon);
        Gauge.builder("streamrank.ann.index.items", () -> {
            HnswIndex index = state.index();
            return index == null ? 0 : index.size();
        }).description("Items in the HNSW index of the served model's embeddings").register(meters);
        neighbourLists(meters, "cached", retiredCached, i -> i.lists().cachedCount());
        neighbourLists(meters, "searched", retiredSearched, i -> i.lists().searchedCount());
    }

    /**
     * {@code streamrank.ann.neighbour.lists{result}}: neighbour lists of single items (the session source's triggers,
     * and the ann source's when one item stands for the user), from the index's per-item cache or searched in the
     * graph. A high searched share means shoppers click items whose neighbours no request asked for yet (a fresh pod,
     * a new model version, a long tail), each costing a graph search in the request.
     */
    private void neighbourLists(MeterRegistry meters, String result, AtomicLong retired,
                                ToLongFunction<HnswIndex> current) {
        FunctionCounter.builder("streamrank.ann.neighbour.lists", this, a -> a.counted(retired, current))
                .tag("result", result)
                .description("Neighbour lists of single items: from the HNSW index's per-item cache, or searched")
                .register(meters);
    }

    /** The index for the served model, if there is one. */
    public Optional<HnswIndex> index() {
        return Optional.ofNullable(state.index());
    }

    /** Why {@link #index()} is empty: loading, no_model, no_embeddings or invalid_embeddings. */
    public String unavailableReason() {
        return state.unavailableReason();
    }

    private void checkSoon() {
        try {
            worker.execute(this::checkLogged);
        } catch (RejectedExecutionException e) {
            // shutting down
        }
    }

    /**
     * {@link #check} that lets nothing escape: a periodic task that throws (an {@code OutOfMemoryError} linking a
     * graph) is cancelled by its executor without a word, and no version would be looked at again.
     */
    private void checkLogged() {
        try {
            check();
        } catch (Throwable t) {
            log.error("checking the served model's item index failed; trying again at the next check", t);
        }
    }

    private void check() {
        String version = null;
        try {
            version = scorer.version().orElse(null);
            Path versionDir = scorer.versionDir().orElse(null);
            if (!java.util.Objects.equals(version, scorer.version().orElse(null))) {
                checkSoon(); // swapped between the two reads: the directory may be the other version's
                return;
            }
            State current = state;
            if (version == null || versionDir == null) {
                replace(new State(null, null, "no_model"));
                return;
            }
            boolean sameVersion = version.equals(current.version());
            // The verified local copy of the served version (the model store may be remote).
            Path file = versionDir.resolve(ItemEmbeddings.FILE_NAME);
            // A version without embeddings is looked at again: an exporter may add the file after the fact.
            if (sameVersion && !("no_embeddings".equals(current.unavailableReason()) && Files.isRegularFile(file))) {
                return;
            }
            if (!Files.isRegularFile(file)) {
                log.warn("model {} has no {}: ANN and session retrieval are skipped for it", version, file);
                replace(new State(version, null, "no_embeddings"));
                return;
            }
            AnnIndexBuilder.Made made = builder.make(version, versionDir, file, current.index(),
                    current.version() == null, scorer.itemCategories());
            HnswIndex index = made.index();
            replace(new State(version, index, null));
            log.info("HNSW index of model {}: {} items of dim {} {} in {} ms{}", version, index.size(), index.dim(),
                    made.how(), made.millis(), made.carry());
        } catch (Exception e) {
            // The version whose files failed, not the one serving now: a version swapped in meanwhile would otherwise
            // be marked unusable without ever being looked at.
            log.error("item embeddings of model {} unusable: ANN and session retrieval are skipped for it", version, e);
            replace(new State(version, null, "invalid_embeddings"));
        }
    }

    /** What the served and the replaced indexes counted; in step with {@link #replace}, so a scrape never sees a drop. */
    private synchronized long counted(AtomicLong retired, ToLongFunction<HnswIndex> current) {
        HnswIndex index = state.index();
        return retired.get() + (index == null ? 0 : current.applyAsLong(index));
    }

    /**
     * Switches to {@code next}, carrying a replaced index's counts into the counters' base (searches still running on
     * it when it goes are not counted).
     */
    private synchronized void replace(State next) {
        HnswIndex old = state.index();
        if (old != null && old != next.index()) {
            retiredCached.addAndGet(old.lists().cachedCount());
            retiredSearched.addAndGet(old.lists().searchedCount());
        }
        state = next;
    }

    @PreDestroy
    void close() {
        worker.shutdownNow();
    }
}
