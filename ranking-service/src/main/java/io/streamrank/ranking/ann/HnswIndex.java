package io.streamrank.ranking.ann;

import io.streamrank.contract.model.ItemEmbeddings;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.apache.lucene.codecs.hnsw.DefaultFlatVectorScorer;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.KnnCollector;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TaskExecutor;
import org.apache.lucene.util.hnsw.HnswConcurrentMergeBuilder;
import org.apache.lucene.util.hnsw.HnswGraphBuilder;
import org.apache.lucene.util.hnsw.HnswGraphSearcher;
import org.apache.lucene.util.hnsw.OnHeapHnswGraph;
import org.apache.lucene.util.hnsw.RandomAccessVectorValues;

/**
 * Lucene's HNSW graph over unit-length item embeddings, built and searched on the heap (ADR 20): Lucene's
 * {@link HnswGraphBuilder} links the vectors, its {@link HnswGraphSearcher} walks the finished graph, and the vectors
 * are plain {@code float[]} that the dot products read in place. Cosine similarity via dot product of normalised
 * vectors. Immutable once built; thread-safe for searches. Built on several threads, it links the vectors with
 * Lucene's {@link HnswConcurrentMergeBuilder} (what Lucene merges segments with): the graph then depends on the
 * threads' timing, so two builds may answer slightly differently, with the same recall.
 */
public final class HnswIndex {

    private static final VectorSimilarityFunction SIMILARITY = VectorSimilarityFunction.DOT_PRODUCT;
    /** Fixed, so that the same embeddings always give the same graph (and the same answers). */
    private static final long GRAPH_SEED = 42L;

    private final RandomAccessVectorValues.Floats vectors;
    private final OnHeapHnswGraph graph;
    private final long[] ordToItem;
    private final Map<Long, Integer> itemToOrd;
    private final int dim;
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

    private HnswIndex(List<float[]> unit, long[] ordToItem, Map<Long, Integer> itemToOrd, int dim, int threads)
            throws IOException {
        this.vectors = RandomAccessVectorValues.fromFloats(unit, dim);
        this.ordToItem = ordToItem;
        this.itemToOrd = itemToOrd;
        this.dim = dim;
        this.graph = unit.isEmpty() ? null : link(vectors, unit.size(), threads);
    }

    private static OnHeapHnswGraph link(RandomAccessVectorValues.Floats vectors, int size, int threads)
            throws IOException {
        var scorers = DefaultFlatVectorScorer.INSTANCE.getRandomVectorScorerSupplier(SIMILARITY, vectors);
        HnswGraphBuilder serial = HnswGraphBuilder.create(scorers, HnswGraphBuilder.DEFAULT_MAX_CONN,
                HnswGraphBuilder.DEFAULT_BEAM_WIDTH, GRAPH_SEED, size);
        if (threads <= 1) {
            return serial.build(size);
        }
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "ann-build-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            // The serial builder only supplies the empty graph (sized for all nodes) that the workers fill.
            return new HnswConcurrentMergeBuilder(new TaskExecutor(pool), threads, scorers,
                    HnswGraphBuilder.DEFAULT_MAX_CONN, HnswGraphBuilder.DEFAULT_BEAM_WIDTH, serial.getGraph(), null)
                    .build(size);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Builds the graph on one thread (seconds for ~100k items); the same embeddings always give the same graph. */
    public static HnswIndex build(ItemEmbeddings embeddings) throws IOException {
        return build(embeddings, 1);
    }

    /**
     * Builds the graph on {@code threads} threads (the calling one waits); items with an all-zero vector are left out.
     */
    public static HnswIndex build(ItemEmbeddings embeddings, int threads) throws IOException {
        List<float[]> unit = new ArrayList<>(embeddings.count());
        long[] ids = new long[embeddings.count()];
        Map<Long, Integer> ords = new HashMap<>(embeddings.count() * 2);
        for (int row = 0; row < embeddings.count(); row++) {
            float[] v = normalise(embeddings.vectorAt(row));
            long id = embeddings.id(row);
            if (v != null && !ords.containsKey(id)) {
                ids[unit.size()] = id;
                ords.put(id, unit.size());
                unit.add(v);
            }
        }
        return new HnswIndex(unit, Arrays.copyOf(ids, unit.size()), ords, embeddings.dim(), threads);
    }

    /** The indexed items' ids, in the order they were indexed (a copy). */
    public long[] itemIds() {
        return ordToItem.clone();
    }

    public int size() {
        return ordToItem.length;
    }

    public int dim() {
        return dim;
    }

    /** The item's unit vector, or {@code null} when it has none (do not modify). */
    public float[] unitVector(long itemId) {
        Integer ord = itemToOrd.get(itemId);
        try {
            return ord == null ? null : vectors.vectorValue(ord);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
        float[] q = query.length == dim ? normalise(query.clone()) : null;
        return q == null ? new long[0] : nearest(q, k);
    }

    private long[] nearest(float[] unitQuery, int k) {
        if (graph == null || k <= 0) {
            return new long[0];
        }
        try {
            // The searcher for on-heap graphs reads neighbour arrays without moving the graph's own cursor, so
            // concurrent searches do not interfere.
            KnnCollector top = HnswGraphSearcher.search(
                    DefaultFlatVectorScorer.INSTANCE.getRandomVectorScorer(SIMILARITY, vectors, unitQuery),
                    k, graph, null, Integer.MAX_VALUE);
            ScoreDoc[] docs = top.topDocs().scoreDocs;
            long[] out = new long[docs.length];
            for (int i = 0; i < docs.length; i++) {
                out[i] = ordToItem[docs[i].doc];
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Scales to unit length in place; {@code null} for a zero vector. */
    static float[] normalise(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        if (sum == 0 || !Double.isFinite(sum)) {
            return null;
        }
        float inv = (float) (1.0 / Math.sqrt(sum));
        for (int i = 0; i < v.length; i++) {
            v[i] *= inv;
        }
        return v;
    }
}
