package io.streamrank.registry.evaluation;

import io.streamrank.contract.model.ItemEmbeddings;
import io.streamrank.contract.model.ItemVectors;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The model's item vectors as the service's HNSW index holds them ({@link ItemVectors}: unit length, without all-zero
 * vectors and repeated ids), searched exactly: an item's nearest items (itself excluded) and the items nearest to a
 * user's interest vector.
 */
final class UnitEmbeddings {

    private final ItemEmbeddings unit;
    /** Item neighbour lists only change with the model, as the service's per-item cache. */
    private final Map<Long, long[]> neighbours = new HashMap<>();

    UnitEmbeddings(ItemEmbeddings embeddings) {
        ItemVectors nodes = ItemVectors.of(embeddings);
        int dim = nodes.dim();
        float[] vectors = new float[nodes.size() * dim];
        float[] row = new float[dim];
        for (int ord = 0; ord < nodes.size(); ord++) {
            nodes.copyVector(ord, row);
            System.arraycopy(row, 0, vectors, ord * dim, dim);
        }
        this.unit = new ItemEmbeddings(nodes.ids(), vectors, dim);
    }

    /** The {@code k} items nearest to {@code item}, itself excluded, best first; none when it has no vector. */
    List<Long> neighbours(long item, int k) {
        long[] cached = neighbours.get(item);
        if (cached == null || cached.length < k + 1 && cached.length < unit.count()) {
            float[] v = unit.vector(item);
            cached = v == null ? new long[0] : unit.topK(v, k + 1);
            neighbours.put(item, cached);
        }
        List<Long> out = new ArrayList<>(k);
        for (long id : cached) {
            if (id != item && out.size() < k) {
                out.add(id);
            }
        }
        return out;
    }

    /**
     * The {@code k} items nearest to {@code Σ decay^i · unit(recent_i)} over the recent items that have a vector
     * (the i-th item listed weighs decay^i whether or not it has one); one such item: its neighbours.
     */
    List<Long> interest(List<Long> recent, double decay, int k) {
        if (k <= 0) {
            return List.of();
        }
        float[] sum = new float[unit.dim()];
        double weight = 1;
        List<Long> used = new ArrayList<>();
        for (long id : recent) {
            float[] v = unit.vector(id);
            if (v != null) {
                for (int d = 0; d < sum.length; d++) {
                    sum[d] += (float) (weight * v[d]);
                }
                used.add(id);
            }
            weight *= decay;
        }
        if (used.size() <= 1) {
            return used.isEmpty() ? List.of() : neighbours(used.get(0), k);
        }
        List<Long> out = new ArrayList<>(k);
        for (long id : unit.topK(sum, k)) {
            out.add(id);
        }
        return out;
    }
}
