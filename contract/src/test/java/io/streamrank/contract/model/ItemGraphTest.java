package io.streamrank.contract.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.lucene.codecs.hnsw.DefaultFlatVectorScorer;
import org.apache.lucene.search.TopKnnCollector;
import org.apache.lucene.util.hnsw.HnswGraphSearcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ItemGraphTest {

    private static final int ITEMS = 3_000;
    private static final int DIM = 16;

    @TempDir
    Path dir;

    @Test
    void writtenGraphReadsBackAndAnswersAsTheGraphLinkedInMemoryOnOneThread() throws IOException {
        ItemVectors vectors = ItemVectors.of(clustered(ITEMS, 1));
        ItemGraph.write(vectors, dir);

        PackedHnswGraph read = ItemGraph.read(dir, vectors);
        PackedHnswGraph built = ItemGraph.build(vectors, 1);

        assertThat(read.size()).isEqualTo(ITEMS);
        assertThat(read.numLevels()).isEqualTo(built.numLevels());
        // Lucene's index writer links with the same builder, parameters and seed: the same graph, the same answers.
        for (int q = 0; q < 200; q++) {
            assertThat(nearest(read, vectors, q, 10)).isEqualTo(nearest(built, vectors, q, 10));
        }
    }

    @Test
    void graphReadFromFilesHasTheRecallOfBruteForce() throws IOException {
        ItemVectors vectors = ItemVectors.of(clustered(ITEMS, 2));
        ItemGraph.write(vectors, dir);
        PackedHnswGraph graph = ItemGraph.read(dir, vectors);

        int hits = 0;
        int queries = 100;
        for (int q = 0; q < queries; q++) {
            int[] exact = bruteForce(vectors, q, 10);
            int[] approx = nearest(graph, vectors, q, 10);
            hits += (int) Arrays.stream(approx).filter(a -> Arrays.stream(exact).anyMatch(e -> e == a)).count();
            assertThat(approx[0]).as("an item is its own nearest neighbour").isEqualTo(q);
        }
        assertThat(hits / (queries * 10.0)).isGreaterThan(0.9);
    }

    @Test
    void graphWrittenForOtherVectorsIsRefused() throws IOException {
        ItemEmbeddings embeddings = clustered(500, 3);
        ItemGraph.write(ItemVectors.of(embeddings), dir);

        // The same items in another order: node n would be another item.
        long[] reversed = new long[embeddings.count()];
        float[] flat = new float[embeddings.count() * DIM];
        for (int i = 0; i < reversed.length; i++) {
            int from = reversed.length - 1 - i;
            reversed[i] = embeddings.id(from);
            System.arraycopy(embeddings.vectorAt(from), 0, flat, i * DIM, DIM);
        }
        ItemVectors other = ItemVectors.of(new ItemEmbeddings(reversed, flat, DIM));
        assertThatThrownBy(() -> ItemGraph.read(dir, other)).isInstanceOf(IOException.class)
                .hasMessageContaining("is not item");

        // The same ids with one vector changed.
        float[] changed = new float[embeddings.count() * DIM];
        for (int i = 0; i < embeddings.count(); i++) {
            System.arraycopy(embeddings.vectorAt(i), 0, changed, i * DIM, DIM);
        }
        changed[7 * DIM] += 0.5f;
        ItemVectors moved = ItemVectors.of(new ItemEmbeddings(idsOf(embeddings), changed, DIM));
        assertThatThrownBy(() -> ItemGraph.read(dir, moved)).isInstanceOf(IOException.class)
                .hasMessageContaining("another vector");

        ItemVectors fewer = ItemVectors.of(clustered(499, 3));
        assertThatThrownBy(() -> ItemGraph.read(dir, fewer)).isInstanceOf(IOException.class)
                .hasMessageContaining("other vectors");
    }

    @Test
    void damagedGraphFileIsRefused() throws IOException {
        ItemVectors vectors = ItemVectors.of(clustered(500, 4));
        ItemGraph.write(vectors, dir);
        Path largest;
        try (Stream<Path> files = Files.list(dir)) {
            largest = files.max(Comparator.comparingLong(ItemGraphTest::size)).orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(largest);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(largest, bytes);

        assertThatThrownBy(() -> ItemGraph.read(dir, vectors)).isInstanceOf(IOException.class);
    }

    @Test
    void noVectorsIsNoGraphToWrite() {
        ItemVectors none = ItemVectors.of(new ItemEmbeddings(new long[0], new float[0], DIM));
        assertThatThrownBy(() -> ItemGraph.write(none, dir)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void vectorsLeaveOutZeroVectorsAndRepeatedIdsAndAreUnitLength() {
        ItemVectors vectors = ItemVectors.of(new ItemEmbeddings(new long[] {5, 6, 5, 7},
                new float[] {3, 4, 0, 0, 1, 0, 0, 2}, 2));

        assertThat(vectors.ids()).containsExactly(5, 7);
        assertThat(vectors.vector(0)).containsExactly(0.6f, 0.8f);
        assertThat(vectors.ord(7)).isEqualTo(1);
        assertThat(vectors.ord(6)).isEqualTo(-1);
    }

    private static int[] nearest(PackedHnswGraph graph, ItemVectors vectors, int query, int k) throws IOException {
        var scorer = DefaultFlatVectorScorer.INSTANCE.getRandomVectorScorer(ItemGraph.SIMILARITY,
                ItemGraph.values(vectors), vectors.vector(query));
        TopKnnCollector top = new TopKnnCollector(k, Integer.MAX_VALUE);
        HnswGraphSearcher.search(scorer, top, graph.view(), null);
        return Arrays.stream(top.topDocs().scoreDocs).mapToInt(d -> d.doc).toArray();
    }

    private static int[] bruteForce(ItemVectors vectors, int query, int k) {
        float[] q = vectors.vector(query);
        return IntStream.range(0, vectors.size()).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -dot(q, vectors.vector(i))))
                .limit(k).mapToInt(Integer::intValue).toArray();
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    /** Items around 30 random centres, as a model's items gather around their categories. */
    private static ItemEmbeddings clustered(int items, long seed) {
        Random random = new Random(seed);
        float[][] centres = new float[30][DIM];
        for (float[] c : centres) {
            for (int d = 0; d < DIM; d++) {
                c[d] = (float) random.nextGaussian();
            }
        }
        long[] ids = new long[items];
        float[] flat = new float[items * DIM];
        for (int i = 0; i < items; i++) {
            ids[i] = 1_000L + 7L * i;
            float[] c = centres[random.nextInt(centres.length)];
            for (int d = 0; d < DIM; d++) {
                flat[i * DIM + d] = c[d] + 0.4f * (float) random.nextGaussian();
            }
        }
        return new ItemEmbeddings(ids, flat, DIM);
    }

    private static long[] idsOf(ItemEmbeddings e) {
        long[] ids = new long[e.count()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = e.id(i);
        }
        return ids;
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
