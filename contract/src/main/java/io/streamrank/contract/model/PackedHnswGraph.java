package io.streamrank.contract.model;

import java.io.IOException;
import java.util.Arrays;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.util.hnsw.HnswGraph;

/**
 * An HNSW graph's links in one {@code int[]} per level, each node's neighbours in a slot of fixed width (the count,
 * then the neighbours), the nodes of the upper levels in a sorted {@code int[]} each. Lucene's on-heap graph keeps two
 * arrays and an object per node and level (tens of MB for ~50k items); a service swapping model versions under load
 * allocated all of it at once, and the next young collections copied it while every request waited (25–60 ms
 * pauses). G1 allocates the level-0 array (megabytes) straight into the old generation, where no young collection
 * copies it (ADR 70). Immutable once copied; each search walks it through its own {@link #view()}.
 */
public final class PackedHnswGraph {

    private final int size;
    private final int entryNode;
    /** Per level: each node's slot, {@code width[level]} ints: the neighbour count, then the neighbours. */
    private final int[][] links;
    private final int[] width;
    /** Per level above 0: its nodes, sorted (a node's slot is its index here); {@code null} for level 0 (all). */
    private final int[][] nodes;

    private PackedHnswGraph(int size, int entryNode, int[][] links, int[] width, int[][] nodes) {
        this.size = size;
        this.entryNode = entryNode;
        this.links = links;
        this.width = width;
        this.nodes = nodes;
    }

    /**
     * Copies {@code graph} (read through its own cursor, so by one thread), checking every neighbour: at most
     * {@code 2 * maxConn} per node on level 0 and {@code maxConn} above it, each a node of the graph.
     *
     * @throws IOException when a neighbour list breaks those bounds, or the graph cannot be read
     */
    public static PackedHnswGraph copyOf(HnswGraph graph, int maxConn) throws IOException {
        int n = graph.size();
        int levels = n == 0 ? 0 : graph.numLevels();
        int[][] links = new int[levels][];
        int[] width = new int[levels];
        int[][] nodes = new int[levels][];
        for (int level = 0; level < levels; level++) {
            width[level] = 1 + (level == 0 ? 2 * maxConn : maxConn);
            nodes[level] = level == 0 ? null : HnswGraph.NodesIterator.getSortedNodes(graph.getNodesOnLevel(level));
            int count = level == 0 ? n : nodes[level].length;
            int[] slots = new int[count * width[level]];
            for (int i = 0; i < count; i++) {
                int node = level == 0 ? i : nodes[level][i];
                int base = i * width[level];
                graph.seek(level, node);
                int k = 0;
                for (int next = graph.nextNeighbor(); next != DocIdSetIterator.NO_MORE_DOCS;
                     next = graph.nextNeighbor()) {
                    if (next < 0 || next >= n || k == width[level] - 1) {
                        throw new IOException("graph node " + node + " has a bad neighbour list at level " + level);
                    }
                    slots[base + 1 + k++] = next;
                }
                slots[base] = k;
            }
            links[level] = slots;
        }
        int entry = n == 0 ? -1 : graph.entryNode();
        if (n > 0 && (entry < 0 || entry >= n || (levels > 1 && slot(nodes[levels - 1], entry) < 0))) {
            throw new IOException("graph entry node " + entry + " is not on its top level");
        }
        return new PackedHnswGraph(n, entry, links, width, nodes);
    }

    private static int slot(int[] sorted, int node) {
        return Arrays.binarySearch(sorted, node);
    }

    public int size() {
        return size;
    }

    public int numLevels() {
        return links.length;
    }

    /** A cursor over this graph for one search at a time (Lucene's searcher seeks the graph it is given). */
    public HnswGraph view() {
        return new View();
    }

    /** The graph as Lucene's {@link org.apache.lucene.util.hnsw.HnswGraphSearcher} walks it. */
    private final class View extends HnswGraph {

        private int[] at = new int[0];
        private int next;
        private int end;

        @Override
        public void seek(int level, int target) {
            int i = level == 0 ? target : slot(nodes[level], target);
            if (i < 0) {
                throw new IllegalArgumentException("node " + target + " is not on level " + level);
            }
            at = links[level];
            int base = i * width[level];
            next = base + 1;
            end = next + at[base];
        }

        @Override
        public int nextNeighbor() {
            return next < end ? at[next++] : DocIdSetIterator.NO_MORE_DOCS;
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public int numLevels() {
            return links.length;
        }

        @Override
        public int entryNode() {
            return entryNode;
        }

        @Override
        public NodesIterator getNodesOnLevel(int level) {
            return level == 0 ? new ArrayNodesIterator(size)
                    : new ArrayNodesIterator(nodes[level], nodes[level].length);
        }
    }
}
