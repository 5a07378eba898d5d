package io.streamrank.contract.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A model version's item vectors scaled to unit length, in the order they are the nodes of its HNSW graph
 * ({@link ItemGraph}): the rows of {@link ItemEmbeddings} in file order, less all-zero vectors and repeated ids. The
 * registry that writes the graph and the service that reads it derive the nodes the same way, from the same file.
 */
public final class ItemVectors {

    private final List<float[]> unit;
    private final long[] ids;
    private final Map<Long, Integer> ords;
    private final int dim;

    private ItemVectors(List<float[]> unit, long[] ids, Map<Long, Integer> ords, int dim) {
        this.unit = Collections.unmodifiableList(unit);
        this.ids = ids;
        this.ords = ords;
        this.dim = dim;
    }

    public static ItemVectors of(ItemEmbeddings embeddings) {
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
        return new ItemVectors(unit, Arrays.copyOf(ids, unit.size()), ords, embeddings.dim());
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
        Integer ord = ords.get(itemId);
        return ord == null ? -1 : ord;
    }

    /** The unit vector of graph node {@code ord} (do not modify). */
    public float[] vector(int ord) {
        return unit.get(ord);
    }

    /** All unit vectors, by node (read-only list; do not modify the arrays). */
    public List<float[]> vectors() {
        return unit;
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
