package io.streamrank.contract.model;

import java.util.Arrays;

/**
 * A model version's item vectors scaled to unit length, in the order they are the nodes of its HNSW graph
 * ({@link ItemGraph}): the rows of {@link ItemEmbeddings} in file order, less all-zero vectors and repeated ids. The
 * registry that writes the graph and the service that reads it derive the nodes the same way, from the same file.
 *
 * <p>The vectors are one {@code float[]} (node after node) and the ids two more primitive arrays ({@link IdOrds}), not
 * an array per item: a service holds them for as long as the version serves, and G1 allocates arrays this large
 * straight into the old generation, where no young collection copies them (ADR 70). Immutable.
 */
public final class ItemVectors {

    private final float[] unit;
    private final long[] ids;
    private final IdOrds ords;
    private final int dim;

    private ItemVectors(float[] unit, long[] ids, IdOrds ords, int dim) {
        this.unit = unit;
        this.ids = ids;
        this.ords = ords;
        this.dim = dim;
    }

    public static ItemVectors of(ItemEmbeddings embeddings) {
        int dim = embeddings.dim();
        long[] ids = new long[embeddings.count()];
        IdOrds ords = new IdOrds(embeddings.count());
        float[] kept = new float[embeddings.count() * dim];
        int n = 0;
        for (int row = 0; row < embeddings.count(); row++) {
            float[] v = normalise(embeddings.vectorAt(row));
            long id = embeddings.id(row);
            if (v != null && ords.get(id) < 0) {
                ids[n] = id;
                ords.put(id, n);
                System.arraycopy(v, 0, kept, n * dim, dim);
                n++;
            }
        }
        // Trimmed only when rows were dropped (the copy is the size of the file's vectors).
        return new ItemVectors(n == embeddings.count() ? kept : Arrays.copyOf(kept, n * dim),
                n == ids.length ? ids : Arrays.copyOf(ids, n), ords, dim);
    }

    public int size() {
        return ids.length;
    }

    public int dim() {
        return dim;
    }

    /** The item id of graph node {@code ord}. */
    public long id(int ord) {
        return ids[ord];
    }

    /** The graph node of the item, or -1 when it has no vector. */
    public int ord(long itemId) {
        return ords.get(itemId);
    }

    /** A copy of the unit vector of graph node {@code ord}. */
    public float[] vector(int ord) {
        return Arrays.copyOfRange(unit, ord * dim, (ord + 1) * dim);
    }

    /** The dot product of graph node {@code ord}'s unit vector with {@code v} (of length {@link #dim()}), no copy. */
    public float dot(int ord, float[] v) {
        float sum = 0;
        int at = ord * dim;
        for (int d = 0; d < dim; d++) {
            sum += unit[at + d] * v[d];
        }
        return sum;
    }

    /** Copies the unit vector of graph node {@code ord} into {@code into} (of length {@link #dim()}). */
    public void copyVector(int ord, float[] into) {
        System.arraycopy(unit, ord * dim, into, 0, dim);
    }

    /** The item ids by node (a copy). */
    public long[] ids() {
        return ids.clone();
    }

    /** Scales to unit length in place; {@code null} for a zero or non-finite vector. */
    public static float[] normalise(float[] v) {
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
