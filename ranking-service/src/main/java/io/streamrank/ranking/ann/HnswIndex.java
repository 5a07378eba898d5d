package io.streamrank.ranking.ann;

import io.streamrank.contract.model.ItemEmbeddings;
import io.streamrank.contract.model.ItemGraph;
import io.streamrank.contract.model.ItemVectors;
import io.streamrank.contract.model.PackedHnswGraph;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.apache.lucene.codecs.hnsw.DefaultFlatVectorScorer;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopKnnCollector;
import org.apache.lucene.util.hnsw.HnswGraphSearcher;
import org.apache.lucene.util.hnsw.RandomAccessVectorValues;

/**
 * Lucene's HNSW graph over unit-length item embeddings, searched on the heap (ADR 20): the graph is the one exported
 * with the model version ({@link #read}, ADR 69) or linked here ({@link #build}), both by Lucene's
 * {@link org.apache.lucene.util.hnsw.HnswGraphBuilder} (the contract's {@link ItemGraph}), held packed in a few large
 * primitive arrays, as are the vectors (ADR 70); Lucene's {@link HnswGraphSearcher} walks it, each search through its
 * own cursor and vector reader. Cosine similarity via dot product of normalised vectors. Immutable once made;
 * thread-safe for searches.
 */
public final class HnswIndex {

    private final ItemVectors items;
    private final RandomAccessVectorValues.Floats vectors;
    private final PackedHnswGraph graph;
    /**
     * Nearest neighbours per item, computed on first use: they only change with the index (a new model version),
     * popular items are asked for again and again, and a graph search costs far more than a map lookup. Maintenance
     * runs in the caller's thread, as for the retrieval lists.
     */
    private final Cache<Long, long[]> neighbours = Caffeine.newBuilder().maximumSize(200_000)
            .executor(Runnable::run).build();
    /** Neighbour lists answered from {@link #neighbours}, and those searched in the graph ({@link AnnIndex}'s meter). */
    private final LongAdder cachedLists = new LongAdder();
    private final LongAdder searchedLists = new LongAdder();

    /** {@code graph} is null when there are no items. */
    private HnswIndex(ItemVectors items, PackedHnswGraph graph) {
        this.items = items;
        this.vectors = ItemGraph.values(items);
        this.graph = graph;
    }

    /** Links the graph on one thread (seconds for ~100k items); the same embeddings always give the same graph. */
    public static HnswIndex build(ItemEmbeddings embeddings) throws IOException {
        return build(embeddings, 1);
    }

    /**
     * Links the graph on {@code threads} threads (the calling one waits); items with an all-zero vector are left out.
     * On several threads the graph depends on their timing (the same recall).
     */
    public static HnswIndex build(ItemEmbeddings embeddings, int threads) throws IOException {
        ItemVectors items = ItemVectors.of(embeddings);
        return new HnswIndex(items, items.size() == 0 ? null : ItemGraph.build(items, threads));
    }

    /**
     * The graph exported with the model version, in {@code graphDir} ({@code item_graph/}), read onto the heap
     * (a fraction of a second where linking takes seconds to tens of seconds of a core).
     *
     * @throws IOException when the files are unreadable or were not written for these embeddings
     */
    public static HnswIndex read(ItemEmbeddings embeddings, Path graphDir) throws IOException {
        ItemVectors items = ItemVectors.of(embeddings);
        return new HnswIndex(items, items.size() == 0 ? null : ItemGraph.read(graphDir, items));
    }

    /** The indexed items' ids, in the order they were indexed (a copy). */
    public long[] itemIds() {
        return items.ids();
    }

    public int size() {
        return items.size();
    }

    public int dim() {
        return items.dim();
    }

    /** A copy of the item's unit vector, or {@code null} when it has none. */
    public float[] unitVector(long itemId) {
        int ord = items.ord(itemId);
        return ord < 0 ? null : items.vector(ord);
    }

    /**
     * The {@code k} items nearest to the item (the item itself excluded), best first, from a per-item cache; a cached
     * list shorter than {@code k} (asked with a smaller k before) is searched again.
     */
    public long[] neighbours(long itemId, int k) {
        long[] cached = neighbours.getIfPresent(itemId);
        if (cached != null && (cached.length >= k || complete(cached))) {
            cachedLists.increment();
            return cached.length <= k ? cached : Arrays.copyOf(cached, k);
        }
        long[] result = searchNeighbours(itemId, k);
        if (result == null) {
            return new long[0];
        }
        searchedLists.increment();
        neighbours.put(itemId, result);
        return result;
    }

    /** The item's {@code k} nearest items searched in the graph (itself excluded), or {@code null} if not indexed. */
    private long[] searchNeighbours(long itemId, int k) {
        float[] v = unitVector(itemId);
        if (v == null) {
            return null;
        }
        long[] found = nearest(v, k + 1);
        long[] out = new long[Math.min(k, found.length)];
        int n = 0;
        for (long id : found) {
            if (id != itemId && n < out.length) {
                out[n++] = id;
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    /**
     * The items whose neighbour lists the cache holds, those it would keep longest first (asked for most often
     * lately), at most {@code limit}, each with its list's length.
     */
    Map<Long, Integer> hottestLists(int limit) {
        Map<Long, Integer> out = new LinkedHashMap<>();
        neighbours.policy().eviction().ifPresent(eviction -> eviction.hottest(limit)
                .forEach((item, list) -> out.put(item, list.length)));
        return out;
    }

    /**
     * Searches and caches the neighbour lists of {@code lists} (item → length), in their order, as {@link #neighbours}
     * would, but not counted as the requests' searches: a new model version's index takes over the lists its
     * predecessor was asked for most before it serves, so requests do not pay a graph search for each of them. Items
     * not in this index are skipped; an interrupt stops it early.
     *
     * @return the lists searched and cached
     */
    int precompute(Map<Long, Integer> lists) {
        int done = 0;
        for (Map.Entry<Long, Integer> e : lists.entrySet()) {
            if (Thread.currentThread().isInterrupted()) {
                break;
            }
            long[] list = searchNeighbours(e.getKey(), e.getValue());
            if (list != null) {
                neighbours.put(e.getKey(), list);
                done++;
            }
        }
        return done;
    }

    /** Neighbour lists {@link #neighbours} answered from its cache so far. */
    long cachedNeighbourLists() {
        return cachedLists.sum();
    }

    /** Neighbour lists {@link #neighbours} searched in the graph so far (items outside the index not counted). */
    long searchedNeighbourLists() {
        return searchedLists.sum();
    }

    /** A neighbour list shorter than asked is complete only when the index has no more items to offer. */
    private boolean complete(long[] cached) {
        return cached.length >= size() - 1;
    }

    /** The {@code k} items most similar to {@code query} (any length, normalised here), best first. */
    public long[] search(float[] query, int k) {
        float[] q = query.length == items.dim() ? ItemVectors.normalise(query.clone()) : null;
        return q == null ? new long[0] : nearest(q, k);
    }

    private long[] nearest(float[] unitQuery, int k) {
        if (graph == null || k <= 0) {
            return new long[0];
        }
        try {
            // A cursor over the graph and a vector reader of this search's own: both are read into per-reader state.
            TopKnnCollector top = new TopKnnCollector(k, Integer.MAX_VALUE);
            HnswGraphSearcher.search(DefaultFlatVectorScorer.INSTANCE.getRandomVectorScorer(ItemGraph.SIMILARITY,
                    vectors.copy(), unitQuery), top, graph.view(), null);
            ScoreDoc[] docs = top.topDocs().scoreDocs;
            long[] out = new long[docs.length];
            for (int i = 0; i < docs.length; i++) {
                out[i] = items.id(docs[i].doc);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
