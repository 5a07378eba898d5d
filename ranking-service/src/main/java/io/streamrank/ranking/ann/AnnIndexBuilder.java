package io.streamrank.ranking.ann;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.streamrank.contract.model.ItemCategories;
import io.streamrank.contract.model.ItemEmbeddings;
import io.streamrank.contract.model.ItemGraph;
import io.streamrank.ranking.RankingProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the HNSW index of one model version for {@link AnnIndex}: its exported graph read or linked here, then the
 * neighbour lists the replaced index was asked for most searched in it (ADR 68).
 */
final class AnnIndexBuilder {

    /** {@link AnnIndex}'s logger: its lines keep the logger name that operators and the swap benchmark read. */
    private static final Logger log = LoggerFactory.getLogger(AnnIndex.class);

    /** Below this many items a build takes a second or two: one thread, and the same graph on every pod. */
    private static final int PARALLEL_MIN_ITEMS = 10_000;

    /**
     * A version's index and how it was made, for {@link AnnIndex}'s log line.
     *
     * @param how    read from the model's graph, or built on how many threads
     * @param millis reading the embeddings and reading or linking the graph
     * @param carry  the replaced index's lists searched again and how long that took; empty when nothing was replaced
     */
    record Made(HnswIndex index, String how, long millis, String carry) {
    }

    private final int buildThreads;
    private final int carriedLists;
    private final boolean graphFromModel;
    private final Counter readGraphs;
    private final Counter linkedGraphs;
    /**
     * Whether category pages take items from the index (ADR 88) or product pages its categories' mean similarities
     * (ADR 91): then its items are grouped before it serves, not on such a page.
     */
    private final boolean groupCategories;

    AnnIndexBuilder(RankingProperties properties, MeterRegistry meters) {
        RankingProperties.Retrieval retrieval = properties.retrieval();
        this.buildThreads = retrieval.annBuildThreads();
        this.carriedLists = retrieval.annCarriedLists();
        this.groupCategories = retrieval.categoryPageItems() > 0 || properties.rules().contextSimilarityWeight() > 0;
        this.graphFromModel = retrieval.annGraphFromModel();
        this.readGraphs = indexes(meters, "read");
        this.linkedGraphs = indexes(meters, "linked");
    }

    /**
     * {@code streamrank.ann.indexes{graph}}: indexes made for served versions, their graph read from the version's
     * {@code item_graph/} or linked here. Linked ones cost a core for tens of seconds each (ADR 69): a pod that links
     * serves versions exported without a graph, or its graphs are unusable (logged), or it is configured to.
     */
    private static Counter indexes(MeterRegistry meters, String graph) {
        return Counter.builder("streamrank.ann.indexes").tag("graph", graph)
                .description("HNSW indexes made for served model versions: graph read from the model, or linked here")
                .register(meters);
    }

    /**
     * The index of the embeddings in {@code file}, of the version in {@code versionDir}.
     *
     * @param old   the index serving until this one replaces it, whose hottest lists are searched in the new one;
     *              {@code null} when there is none
     * @param first no version was indexed before (see {@link #threads})
     * @param table the item categories of the version served now, by which the index's items are grouped before it
     *              serves, so that no category page (ADR 88) or product page (ADR 91) waits for it
     */
    Made make(String version, Path versionDir, Path file, HnswIndex old, boolean first, ItemCategories table)
            throws IOException {
        long t0 = System.nanoTime();
        ItemEmbeddings embeddings = ItemEmbeddings.read(file);
        HnswIndex index = exportedGraph(version, versionDir, embeddings);
        String made = "read from the model's " + ItemGraph.DIR_NAME + "/";
        if (index == null) {
            int threads = threads(embeddings.count(), first);
            index = HnswIndex.build(embeddings, threads);
            made = "built on " + threads + " thread(s)";
            linkedGraphs.increment();
        } else {
            readGraphs.increment();
        }
        long t1 = System.nanoTime();
        String carry = "";
        if (old != null) {
            // The old version keeps serving meanwhile: its hottest lists are searched again in the new graph first.
            int carried = index.lists().precompute(old.lists().hottest(carriedLists));
            carry = "; " + carried + " hot neighbour lists of the replaced index searched again in "
                    + (System.nanoTime() - t1) / 1_000_000 + " ms";
        }
        if (groupCategories && table.count() > 0) {
            long t2 = System.nanoTime();
            int categories = index.groupCategories(table);
            carry += "; its items grouped into " + categories + " categories in " + (System.nanoTime() - t2) / 1_000_000
                    + " ms";
        }
        return new Made(index, made, (t1 - t0) / 1_000_000, carry);
    }

    /**
     * The version's exported graph ({@code item_graph/}, ADR 69), or {@code null} to build one here: turned off, a
     * version exported without one, or files that are unreadable or not written for these embeddings (logged).
     */
    private HnswIndex exportedGraph(String version, Path versionDir, ItemEmbeddings embeddings) {
        Path dir = versionDir.resolve(ItemGraph.DIR_NAME);
        if (!graphFromModel || !Files.isDirectory(dir)) {
            return null;
        }
        try {
            return HnswIndex.read(embeddings, dir);
        } catch (IOException | RuntimeException e) {
            log.warn("model {}: its {} is unusable, so its HNSW graph is built here instead", version, dir, e);
            return null;
        }
    }

    /** Threads for a build: see {@code streamrank.retrieval.ann-build-threads}. */
    private int threads(int items, boolean first) {
        if (items < PARALLEL_MIN_ITEMS) {
            return 1;
        }
        if (buildThreads > 0) {
            return buildThreads;
        }
        return first ? Runtime.getRuntime().availableProcessors() : 1;
    }
}
