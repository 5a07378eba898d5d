package io.streamrank.ranking.ann;

import io.streamrank.contract.model.ItemEmbeddings;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.SerialMergeScheduler;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;

/**
 * Lucene's HNSW graph over unit-length item embeddings, in memory ({@link ByteBuffersDirectory}), one segment so a
 * query walks one graph. Cosine similarity via dot product of normalised vectors. Thread-safe for searches.
 */
public final class HnswIndex implements AutoCloseable {

    private static final String VECTOR = "v";
    private static final String ID = "id";

    private final DirectoryReader reader;
    private final LeafReader leaf;
    private final long[] docToItem;
    private final Map<Long, float[]> unitVectors;
    private final int dim;
    /**
     * Nearest neighbours per item, computed on first use: they only change with the index (a new model version),
     * popular items are asked for again and again, and a graph search costs far more than a map lookup.
     */
    private final Cache<Long, long[]> neighbours = Caffeine.newBuilder().maximumSize(200_000).build();

    private HnswIndex(DirectoryReader reader, Map<Long, float[]> unitVectors, int dim) throws IOException {
        this.reader = reader;
        this.leaf = reader.leaves().isEmpty() ? null : reader.leaves().get(0).reader();
        this.unitVectors = unitVectors;
        this.dim = dim;
        this.docToItem = new long[leaf == null ? 0 : leaf.maxDoc()];
        if (leaf != null) {
            NumericDocValues ids = leaf.getNumericDocValues(ID);
            for (int doc = ids.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = ids.nextDoc()) {
                docToItem[doc] = ids.longValue();
            }
        }
    }

    /** Builds the graph (seconds for ~100k items); items with an all-zero vector are left out. */
    public static HnswIndex build(ItemEmbeddings embeddings) throws IOException {
        ByteBuffersDirectory dir = new ByteBuffersDirectory();
        IndexWriterConfig config = new IndexWriterConfig()
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
                // Large enough that all vectors flush as one segment: one graph, no merge rebuilding it.
                .setRAMBufferSizeMB(1024)
                .setMergeScheduler(new SerialMergeScheduler());
        Map<Long, float[]> unit = new HashMap<>(embeddings.count() * 2);
        try (IndexWriter writer = new IndexWriter(dir, config)) {
            for (int row = 0; row < embeddings.count(); row++) {
                float[] v = normalise(embeddings.vectorAt(row));
                if (v == null) {
                    continue;
                }
                long id = embeddings.id(row);
                Document doc = new Document();
                doc.add(new KnnFloatVectorField(VECTOR, v, VectorSimilarityFunction.DOT_PRODUCT));
                doc.add(new NumericDocValuesField(ID, id));
                writer.addDocument(doc);
                unit.put(id, v);
            }
            writer.forceMerge(1);
            writer.commit();
        }
        return new HnswIndex(DirectoryReader.open(dir), unit, embeddings.dim());
    }

    public int size() {
        return unitVectors.size();
    }

    public int dim() {
        return dim;
    }

    /** The item's unit vector, or {@code null} when it has none (do not modify). */
    public float[] unitVector(long itemId) {
        return unitVectors.get(itemId);
    }

    /**
     * The {@code k} items nearest to the item (the item itself excluded), best first, from a per-item cache; a cached
     * list shorter than {@code k} (asked with a smaller k before) is searched again.
     */
    public long[] neighbours(long itemId, int k) {
        long[] cached = neighbours.getIfPresent(itemId);
        if (cached != null && (cached.length >= k || complete(cached))) {
            return cached.length <= k ? cached : java.util.Arrays.copyOf(cached, k);
        }
        float[] v = unitVectors.get(itemId);
        if (v == null) {
            return new long[0];
        }
        long[] found = search(v, k + 1);
        long[] out = new long[Math.min(k, found.length)];
        int n = 0;
        for (long id : found) {
            if (id != itemId && n < out.length) {
                out[n++] = id;
            }
        }
        long[] result = n == out.length ? out : java.util.Arrays.copyOf(out, n);
        neighbours.put(itemId, result);
        return result;
    }

    /** A neighbour list shorter than asked is complete only when the index has no more items to offer. */
    private boolean complete(long[] cached) {
        return cached.length >= unitVectors.size() - 1;
    }

    /** The {@code k} items most similar to {@code query} (any length, normalised here), best first. */
    public long[] search(float[] query, int k) {
        float[] q = normalise(query.clone());
        if (leaf == null || q == null || k <= 0 || q.length != dim) {
            return new long[0];
        }
        try {
            TopDocs top = leaf.searchNearestVectors(VECTOR, q, k, leaf.getLiveDocs(), Integer.MAX_VALUE);
            long[] out = new long[top.scoreDocs.length];
            int i = 0;
            for (ScoreDoc sd : top.scoreDocs) {
                out[i++] = docToItem[sd.doc];
            }
            return out;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
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

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
