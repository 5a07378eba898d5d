package io.streamrank.contract.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.codecs.hnsw.DefaultFlatVectorScorer;
import org.apache.lucene.codecs.hnsw.HnswGraphProvider;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.codecs.perfield.PerFieldKnnVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.CodecReader;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.VectorEncoding;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.TaskExecutor;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.NoLockFactory;
import org.apache.lucene.util.hnsw.HnswConcurrentMergeBuilder;
import org.apache.lucene.util.hnsw.HnswGraph;
import org.apache.lucene.util.hnsw.HnswGraphBuilder;
import org.apache.lucene.util.hnsw.OnHeapHnswGraph;
import org.apache.lucene.util.hnsw.RandomAccessVectorValues;
import org.apache.lucene.util.hnsw.RandomVectorScorerSupplier;

/**
 * Lucene's HNSW graph over a model version's {@link ItemVectors} (cosine as the dot product of unit vectors), and
 * its files: {@code <version>/item_graph/}, a Lucene index of one segment whose document {@code n} is graph node
 * {@code n}, with its unit vector and its item id (ADR 69). The registry writes it at export, so that a service
 * swapping versions under load reads the graph (well under a second) instead of linking it (seconds to tens of
 * seconds of a core). A graph is built the same way in either place: Lucene's {@link HnswGraphBuilder},
 * {@value #MAX_CONN} links per node, beam width {@value #BEAM_WIDTH}, a fixed seed.
 *
 * <p>Needs {@code lucene-core} on the class path (an optional dependency of this module).
 */
public final class ItemGraph {

    public static final String DIR_NAME = "item_graph";
    public static final VectorSimilarityFunction SIMILARITY = VectorSimilarityFunction.DOT_PRODUCT;
    static final int MAX_CONN = HnswGraphBuilder.DEFAULT_MAX_CONN;
    static final int BEAM_WIDTH = HnswGraphBuilder.DEFAULT_BEAM_WIDTH;
    /** Lucene's own default seed, which its index writer links with: the same vectors give the same graph. */
    static final long SEED = 42L;
    static final String VECTOR_FIELD = "vector";
    static final String ITEM_FIELD = "item";

    private ItemGraph() {
    }

    /**
     * The vectors as Lucene's graph code reads them: one vector at a time into the reader's own buffer, so a reader
     * serves one thread ({@link RandomAccessVectorValues#copy()} for another).
     */
    public static RandomAccessVectorValues.Floats values(ItemVectors vectors) {
        return new PackedVectors(vectors);
    }

    /**
     * Links the graph in memory on {@code threads} threads (the calling one waits). On one thread the same vectors
     * always give the same graph; on several, Lucene's {@link HnswConcurrentMergeBuilder} (what Lucene merges segments
     * with) links them, and the graph depends on the threads' timing, with the same recall. Returned packed, as
     * {@link #read} returns it.
     */
    public static PackedHnswGraph build(ItemVectors vectors, int threads) throws IOException {
        return PackedHnswGraph.copyOf(link(vectors, threads), MAX_CONN);
    }

    private static OnHeapHnswGraph link(ItemVectors vectors, int threads) throws IOException {
        RandomVectorScorerSupplier scorers = scorers(vectors);
        HnswGraphBuilder serial = HnswGraphBuilder.create(scorers, MAX_CONN, BEAM_WIDTH, SEED, vectors.size());
        if (threads <= 1) {
            return serial.build(vectors.size());
        }
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "ann-build-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            // The serial builder only supplies the empty graph (sized for all nodes) that the workers fill.
            return new HnswConcurrentMergeBuilder(new TaskExecutor(pool), threads, scorers, MAX_CONN, BEAM_WIDTH,
                    serial.getGraph(), null).build(vectors.size());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Writes the graph's files into {@code dir} (created; must not hold an index yet): Lucene's index writer links the
     * vectors as it adds them, on the calling thread, into one segment, which is then read back to check it.
     *
     * @throws IllegalArgumentException when there are no vectors (a graph of nothing is not written)
     * @throws IOException when the vectors do not fit one segment (millions of items: ADR 20's limit) or the files
     *                     cannot be written
     */
    public static void write(ItemVectors vectors, Path dir) throws IOException {
        if (vectors.size() == 0) {
            throw new IllegalArgumentException("no item vectors to link");
        }
        Files.createDirectories(dir);
        IndexWriterConfig config = new IndexWriterConfig()
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
                .setCodec(new Lucene912Codec() {
                    @Override
                    public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                        return new Lucene99HnswVectorsFormat(MAX_CONN, BEAM_WIDTH);
                    }
                })
                // One segment, flushed at close: its documents are the nodes, in order, and no merge relinks them.
                .setMergePolicy(NoMergePolicy.INSTANCE)
                .setMaxBufferedDocs(Math.max(2, vectors.size() + 1))
                .setRAMBufferSizeMB(IndexWriterConfig.DISABLE_AUTO_FLUSH);
        // No lock file: the directory is a fresh export that nothing else writes, and every file in it is shipped.
        try (Directory out = FSDirectory.open(dir, NoLockFactory.INSTANCE);
             IndexWriter writer = new IndexWriter(out, config)) {
            for (int ord = 0; ord < vectors.size(); ord++) {
                Document doc = new Document();
                doc.add(new KnnFloatVectorField(VECTOR_FIELD, vectors.vector(ord), SIMILARITY));
                doc.add(new NumericDocValuesField(ITEM_FIELD, vectors.id(ord)));
                writer.addDocument(doc);
            }
            writer.commit();
        }
        read(dir, vectors);
    }

    /**
     * Reads the graph in {@code dir} onto the heap ({@link PackedHnswGraph}), after checking that it was written for
     * exactly these vectors (one segment, the same items in the same order, the same unit vectors bit for bit).
     *
     * @throws IOException when the files are unreadable or were written for other vectors
     */
    public static PackedHnswGraph read(Path dir, ItemVectors vectors) throws IOException {
        try (Directory in = FSDirectory.open(dir, NoLockFactory.INSTANCE);
             DirectoryReader reader = DirectoryReader.open(in)) {
            if (reader.leaves().size() != 1) {
                throw new IOException(dir + " holds " + reader.leaves().size() + " segments, not one");
            }
            LeafReader leaf = reader.leaves().get(0).reader();
            // Every file's checksum (a few MB read once): a damaged neighbour list would otherwise go unnoticed.
            leaf.checkIntegrity();
            checkNodes(leaf, vectors);
            KnnVectorsReader fields = ((CodecReader) leaf).getVectorReader();
            KnnVectorsReader field = fields instanceof PerFieldKnnVectorsFormat.FieldsReader perField
                    ? perField.getFieldReader(VECTOR_FIELD) : fields;
            if (!(field instanceof HnswGraphProvider graphs)) {
                throw new IOException(dir + " has no HNSW graph for field " + VECTOR_FIELD);
            }
            HnswGraph files = graphs.getGraph(VECTOR_FIELD);
            if (files.size() != vectors.size()) {
                throw new IOException("graph has " + files.size() + " nodes, expected " + vectors.size());
            }
            return PackedHnswGraph.copyOf(files, MAX_CONN);
        }
    }

    private static void checkNodes(LeafReader leaf, ItemVectors vectors) throws IOException {
        int n = vectors.size();
        FieldInfo info = leaf.getFieldInfos().fieldInfo(VECTOR_FIELD);
        if (leaf.maxDoc() != n || leaf.numDocs() != n || info == null || info.getVectorDimension() != vectors.dim()
                || info.getVectorEncoding() != VectorEncoding.FLOAT32
                || info.getVectorSimilarityFunction() != SIMILARITY) {
            throw new IOException("graph written for other vectors: " + leaf.maxDoc() + " documents, field "
                    + (info == null ? "missing" : info.getVectorDimension() + "-d " + info.getVectorSimilarityFunction())
                    + "; expected " + n + " unit vectors of dim " + vectors.dim());
        }
        NumericDocValues items = leaf.getNumericDocValues(ITEM_FIELD);
        FloatVectorValues stored = leaf.getFloatVectorValues(VECTOR_FIELD);
        float[] expected = new float[vectors.dim()];
        for (int doc = 0; doc < n; doc++) {
            if (items == null || !items.advanceExact(doc) || items.longValue() != vectors.id(doc)) {
                throw new IOException("graph node " + doc + " is not item " + vectors.id(doc));
            }
            vectors.copyVector(doc, expected);
            if (stored.nextDoc() != doc || !Arrays.equals(stored.vectorValue(), expected)) {
                throw new IOException("graph node " + doc + " has another vector than item " + vectors.id(doc));
            }
        }
        if (stored.nextDoc() != DocIdSetIterator.NO_MORE_DOCS) {
            throw new IOException("graph has more vectors than documents");
        }
    }

    private static RandomVectorScorerSupplier scorers(ItemVectors vectors) throws IOException {
        return DefaultFlatVectorScorer.INSTANCE.getRandomVectorScorerSupplier(SIMILARITY, values(vectors));
    }
}
