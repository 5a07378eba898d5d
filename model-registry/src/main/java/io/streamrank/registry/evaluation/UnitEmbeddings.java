package io.streamrank.registry.evaluation;

import io.streamrank.contract.model.ItemEmbeddings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The model's item vectors scaled to unit length, as the service's HNSW index holds them, searched exactly: an
 * item's nearest items (itself excluded) and the items nearest to a user's interest vector.
 */
final class UnitEmbeddings {

    private final ItemEmbeddings unit;
    /** Item neighbour lists only change with the model, as the service's per-item cache. */
    private final Map<Long, long[]> neighbours = new HashMap<>();

    UnitEmbeddings(ItemEmbeddings embeddings) {
        int dim = embeddings.dim();
        long[] ids = new long[embeddings.count()];
        float[] vectors = new float[ids.length * dim];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = embeddings.id(i);
            float[] v = embeddings.vectorAt(i);
            double norm = 0;
            for (float x : v) {
                norm += x * x;
            }
            double scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
            for (int d = 0; d < dim; d++) {
                vectors[i * dim + d] = (float) (v[d] * scale);
            }
        }
        this.unit = new ItemEmbeddings(ids, vectors, dim);
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
