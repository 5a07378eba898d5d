package io.streamrank.contract.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.lucene.codecs.hnsw.DefaultFlatVectorScorer;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.util.hnsw.HnswGraph;
import org.apache.lucene.util.hnsw.HnswGraphBuilder;
import org.apache.lucene.util.hnsw.OnHeapHnswGraph;
import org.junit.jupiter.api.Test;

class PackedHnswGraphTest {

    private static final int M = 8;

    @Test
    void packedGraphHoldsEveryNeighbourListOfEveryLevelInOrder() throws IOException {
        OnHeapHnswGraph linked = linked(2_000, 1);

        PackedHnswGraph packed = PackedHnswGraph.copyOf(linked, M);
        HnswGraph view = packed.view();

        assertThat(packed.size()).isEqualTo(linked.size());
        assertThat(packed.numLevels()).isEqualTo(linked.numLevels()).isGreaterThan(1);
        assertThat(view.entryNode()).isEqualTo(linked.entryNode());
        for (int level = 0; level < linked.numLevels(); level++) {
            int[] nodes = HnswGraph.NodesIterator.getSortedNodes(linked.getNodesOnLevel(level));
            assertThat(HnswGraph.NodesIterator.getSortedNodes(view.getNodesOnLevel(level))).isEqualTo(nodes);
            for (int node : nodes) {
                assertThat(neighbours(view, level, node)).as("node %d at level %d", node, level)
                        .isEqualTo(neighbours(linked, level, node));
            }
        }
    }

    @Test
    void eachViewHasItsOwnCursor() throws IOException {
        PackedHnswGraph packed = PackedHnswGraph.copyOf(linked(500, 2), M);
        HnswGraph a = packed.view();
        HnswGraph b = packed.view();
        List<Integer> expected = neighbours(packed.view(), 0, 7);

        // Interleaved as two searches on two threads would be: b's seek does not move a.
        a.seek(0, 7);
        List<Integer> walked = new ArrayList<>();
        walked.add(a.nextNeighbor());
        b.seek(0, 8);
        b.nextNeighbor();
        for (int next = a.nextNeighbor(); next != DocIdSetIterator.NO_MORE_DOCS; next = a.nextNeighbor()) {
            walked.add(next);
        }
        assertThat(walked).isEqualTo(expected).isNotEmpty();
    }

    @Test
    void neighbourListLongerThanTheLinksAllowedIsRefused() throws IOException {
        OnHeapHnswGraph linked = linked(500, 3);

        // Linked with M links per node (2M on level 0): a graph claimed to have fewer is not what it says.
        assertThatThrownBy(() -> PackedHnswGraph.copyOf(linked, 2)).isInstanceOf(IOException.class)
                .hasMessageContaining("bad neighbour list");
    }

    @Test
    void nodeNotOnAnUpperLevelCannotBeSoughtThere() throws IOException {
        OnHeapHnswGraph linked = linked(500, 4);
        PackedHnswGraph packed = PackedHnswGraph.copyOf(linked, M);
        int[] upper = HnswGraph.NodesIterator.getSortedNodes(linked.getNodesOnLevel(1));
        int absent = 0;
        while (java.util.Arrays.binarySearch(upper, absent) >= 0) {
            absent++;
        }
        int node = absent;

        assertThatThrownBy(() -> packed.view().seek(1, node)).isInstanceOf(IllegalArgumentException.class);
    }

    private static OnHeapHnswGraph linked(int n, long seed) throws IOException {
        Random random = new Random(seed);
        long[] ids = new long[n];
        float[] flat = new float[n * 8];
        for (int i = 0; i < n; i++) {
            ids[i] = 1_000L + i;
            for (int d = 0; d < 8; d++) {
                flat[i * 8 + d] = (float) random.nextGaussian();
            }
        }
        ItemVectors vectors = ItemVectors.of(new ItemEmbeddings(ids, flat, 8));
        return HnswGraphBuilder.create(DefaultFlatVectorScorer.INSTANCE.getRandomVectorScorerSupplier(
                ItemGraph.SIMILARITY, ItemGraph.values(vectors)), M, 50, seed, n).build(n);
    }

    private static List<Integer> neighbours(HnswGraph graph, int level, int node) throws IOException {
        graph.seek(level, node);
        List<Integer> out = new ArrayList<>();
        for (int next = graph.nextNeighbor(); next != DocIdSetIterator.NO_MORE_DOCS; next = graph.nextNeighbor()) {
            out.add(next);
        }
        return out;
    }
}
