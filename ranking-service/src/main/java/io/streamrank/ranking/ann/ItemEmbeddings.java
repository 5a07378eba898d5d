package io.streamrank.ranking.ann;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * The item embeddings a model version exports beside its SavedModel, {@code <version>/item_embeddings.bin}:
 * little-endian int32 magic {@code 0x53524945} ("SRIE"), int32 count, int32 dim, then {@code count} records of
 * (int64 itemId, dim x float32). The file is checked completely (magic, sizes, length, finite values) before use.
 */
public final class ItemEmbeddings {

    public static final String FILE_NAME = "item_embeddings.bin";
    public static final int MAGIC = 0x53524945;
    /** Lucene's HNSW accepts at most 1,024 dimensions. */
    public static final int MAX_DIM = 1024;

    private final long[] ids;
    private final float[] vectors;
    private final int dim;
    private final Map<Long, Integer> rows;

    ItemEmbeddings(long[] ids, float[] vectors, int dim) {
        this.ids = ids;
        this.vectors = vectors;
        this.dim = dim;
        this.rows = new HashMap<>(ids.length * 2);
        for (int i = 0; i < ids.length; i++) {
            rows.put(ids[i], i);
        }
    }

    /** @throws IOException if the file cannot be read or is not a valid embeddings file */
    public static ItemEmbeddings read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 12) {
                throw new IOException(file + ": too short for an item embeddings header");
            }
            MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
            ByteBuffer in = map.order(ByteOrder.LITTLE_ENDIAN);
            int magic = in.getInt();
            int count = in.getInt();
            int dim = in.getInt();
            if (magic != MAGIC) {
                throw new IOException(file + ": not an item embeddings file (magic " + Integer.toHexString(magic) + ")");
            }
            if (count < 0 || dim < 1 || dim > MAX_DIM) {
                throw new IOException(file + ": invalid count " + count + " or dim " + dim);
            }
            long expected = 12L + (long) count * (8L + 4L * dim);
            if (size != expected) {
                throw new IOException(file + ": " + size + " bytes, expected " + expected + " for " + count
                        + " items of dim " + dim);
            }
            long[] ids = new long[count];
            float[] vectors = new float[Math.multiplyExact(count, dim)];
            for (int i = 0; i < count; i++) {
                ids[i] = in.getLong();
                for (int d = 0; d < dim; d++) {
                    float v = in.getFloat();
                    if (!Float.isFinite(v)) {
                        throw new IOException(file + ": item " + ids[i] + " has a non-finite value");
                    }
                    vectors[i * dim + d] = v;
                }
            }
            return new ItemEmbeddings(ids, vectors, dim);
        }
    }

    public int count() {
        return ids.length;
    }

    public int dim() {
        return dim;
    }

    long idAt(int row) {
        return ids[row];
    }

    /** A copy of the item's vector, or {@code null} when the item has none. */
    public float[] vector(long itemId) {
        Integer row = rows.get(itemId);
        if (row == null) {
            return null;
        }
        float[] v = new float[dim];
        System.arraycopy(vectors, row * dim, v, 0, dim);
        return v;
    }

    float[] vectorAt(int row) {
        float[] v = new float[dim];
        System.arraycopy(vectors, row * dim, v, 0, dim);
        return v;
    }
}
