package io.streamrank.contract.model;

import org.apache.lucene.util.hnsw.RandomAccessVectorValues;

/**
 * {@link ItemVectors} as Lucene's graph code reads them: each vector copied into this reader's own buffer, as Lucene's
 * file-backed vectors are, so one reader serves one thread at a time and {@link #copy()} makes another.
 */
final class PackedVectors implements RandomAccessVectorValues.Floats {

    private final ItemVectors vectors;
    private final float[] buffer;

    PackedVectors(ItemVectors vectors) {
        this.vectors = vectors;
        this.buffer = new float[vectors.dim()];
    }

    @Override
    public int size() {
        return vectors.size();
    }

    @Override
    public int dimension() {
        return vectors.dim();
    }

    @Override
    public float[] vectorValue(int ord) {
        vectors.copyVector(ord, buffer);
        return buffer;
    }

    @Override
    public PackedVectors copy() {
        return new PackedVectors(vectors);
    }
}
