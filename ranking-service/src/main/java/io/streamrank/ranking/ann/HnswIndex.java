package io.streamrank.ranking.ann;

import io.streamrank.contract.model.ItemCategories;
import io.streamrank.contract.model.ItemEmbeddings;
import io.streamrank.contract.model.ItemGraph;
import io.streamrank.contract.model.ItemVectors;
import io.streamrank.contract.model.PackedHnswGraph;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.function.IntToLongFunction;
import org.apache.lucene.codecs.hnsw.DefaultFlatVectorScorer;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopKnnCollector;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.hnsw.HnswGraphSearcher;
import org.apache.lucene.util.hnsw.RandomAccessVectorValues;
import org.apache.lucene.util.hnsw.RandomVectorScorer;

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
    /** Nearest neighbours per item, searched on first use and kept. */
    private final NeighbourLists lists;
    /**
     * The items of each category, per item table (one per model version ranking users: at most a few at once, weakly
     * held, compared by identity, ADR 88): the served version's grouped before the index serves, others (a canary's)
     * on their first category page.
     */
    private final Cache<ItemCategories, CategoryMembers> byTable = Caffeine.newBuilder().weakKeys().maximumSize(8)
            .executor(Runnable::run).build();

    /** {@code graph} is null when there are no items. */
    private HnswIndex(ItemVectors items, PackedHnswGraph graph) {
        this.items = items;
        this.vectors = ItemGraph.values(items);
        this.graph = graph;
        this.lists = new NeighbourLists(this);
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
        return lists.get(itemId, k);
    }

    /**
     * The cosine similarity of each of {@code n} items ({@code idAt} 0..n-1) to {@code itemId}, by their embeddings;
     * {@code NaN} for an item without a vector, and {@code null} when {@code itemId} has none (ADR 89).
     */
    public float[] similarities(long itemId, IntToLongFunction idAt, int n) {
        int ord = items.ord(itemId);
        if (ord < 0) {
            return null;
        }
        float[] to = items.vector(ord);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            int other = items.ord(idAt.applyAsLong(i));
            out[i] = other < 0 ? Float.NaN : items.dot(other, to);
        }
        return out;
    }

    /** The per-item neighbour lists: what a new version's index takes over ({@link AnnIndexBuilder}), and the meters. */
    NeighbourLists lists() {
        return lists;
    }

    /**
     * Up to {@code k} items of {@code category}, as {@code table} names the items' categories, most similar to
     * {@code query} (any length, normalised here; {@code null}: to the mean of the category's items), best first
     * (ADR 88): a category of up to 4,096 items in the index has each scored, a larger one is searched in the graph
     * with the category as a filter (scored item by item when that walk visits as many nodes as the category holds).
     */
    public long[] nearestInCategory(ItemCategories table, long category, float[] query, int k) {
        if (graph == null || k <= 0 || (query != null && query.length != items.dim())) {
            return new long[0];
        }
        // A zero sum (recent items that cancel out) has no direction: the category's mean is the query then.
        float[] q = query == null ? null : ItemVectors.normalise(query.clone());
        return members(table).nearest(this, category, q, k);
    }

    /**
     * The mean cosine similarity of {@code category}'s items in the index, as {@code table} names their categories, to
     * {@code unitTo}: what an item of the category is expected to have when the index lacks its own vector (ADR 91);
     * {@code NaN} when the index holds none of the category.
     */
    float categorySimilarity(ItemCategories table, long category, float[] unitTo) {
        return members(table).meanSimilarity(items, category, unitTo);
    }

    /**
     * For a product page (ADR 91): each of {@code similarity}'s positions that is {@code NaN} (no embedding) and whose
     * {@code categoryAt} is not 0 gets the {@link #categorySimilarity} of that category to {@code itemId}, as
     * {@code table} names the categories; {@code NaN} stays where the index holds none of the category. The table's
     * groups are looked up once for all positions (hundreds on a product page).
     *
     * @return the positions set, {@code null} when none was (or {@code itemId} has no embedding)
     */
    public BitSet fillCategorySimilarities(ItemCategories table, long itemId, float[] similarity,
                                           IntToLongFunction categoryAt) {
        float[] to = unitVector(itemId);
        return to == null ? null : members(table).fillSimilarities(items, to, similarity, categoryAt);
    }

    /** Groups the index's items by {@code table}'s categories now, not on the first category page; how many. */
    int groupCategories(ItemCategories table) {
        return members(table).categories();
    }

    private CategoryMembers members(ItemCategories table) {
        return byTable.get(table, t -> CategoryMembers.of(items, t, CategoryMembers.EXACT_MAX));
    }

    /** The {@code k} items most similar to {@code query} (any length, normalised here), best first. */
    public long[] search(float[] query, int k) {
        float[] q = query.length == items.dim() ? ItemVectors.normalise(query.clone()) : null;
        return q == null ? new long[0] : nearest(q, k, null);
    }

    /** The {@code k} items most similar to a unit query among those {@code accept} holds (null: all), best first. */
    long[] nearest(float[] unitQuery, int k, Bits accept) {
        return nearest(unitQuery, k, accept, Integer.MAX_VALUE);
    }

    /** As {@link #nearest(float[], int, Bits)}, or {@code null} when the walk visited {@code visitLimit} nodes. */
    long[] nearest(float[] unitQuery, int k, Bits accept, int visitLimit) {
        if (graph == null || k <= 0) {
            return new long[0];
        }
        try {
            TopKnnCollector top = new TopKnnCollector(k, visitLimit);
            HnswGraphSearcher.search(scorer(unitQuery), top, graph.view(), accept);
            return top.earlyTerminated() ? null : ids(top.topDocs().scoreDocs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Scores graph nodes against a unit query, through a vector reader of its own (readers keep per-read state). */
    RandomVectorScorer scorer(float[] unitQuery) throws IOException {
        return DefaultFlatVectorScorer.INSTANCE.getRandomVectorScorer(ItemGraph.SIMILARITY, vectors.copy(), unitQuery);
    }

    ItemVectors items() {
        return items;
    }

    /** The item ids of graph nodes, in order. */
    long[] ids(ScoreDoc[] docs) {
        long[] out = new long[docs.length];
        for (int i = 0; i < docs.length; i++) {
            out[i] = items.id(docs[i].doc);
        }
        return out;
    }
}
