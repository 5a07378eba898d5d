package io.streamrank.contract.model;

import io.streamrank.contract.features.RecentItem;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;

/**
 * Item embeddings of a model version, for embedding (ANN) retrieval: {@code <version>/item_embeddings.bin}.
 *
 * <p>Format, little-endian: int32 magic {@code 0x53524945} ("SRIE"), int32 count, int32 dim, then count records of
 * (int64 itemId, dim × float32). The vectors are the model's own item vectors (item plus category embedding), so the
 * dot product with {@link #query} is exactly the model's context-similarity term.
 */
public final class ItemEmbeddings {

    public static final String FILE_NAME = "item_embeddings.bin";
    public static final int MAGIC = 0x53524945;

    private final long[] ids;
    private final float[] vectors;
    private final int dim;
    private final IdOrds index;

    public ItemEmbeddings(long[] ids, float[] vectors, int dim) {
        if (dim < 1 || vectors.length != ids.length * dim) {
            throw new IllegalArgumentException("need ids.length * dim floats");
        }
        this.ids = ids;
        this.vectors = vectors;
        this.dim = dim;
        this.index = new IdOrds(ids.length);
        for (int i = 0; i < ids.length; i++) {
            index.put(ids[i], i);
        }
    }

    public int count() {
        return ids.length;
    }

    public int dim() {
        return dim;
    }

    public long id(int i) {
        return ids[i];
    }

    /** The vector of the i-th record (a view copy). */
    public float[] vectorAt(int i) {
        return Arrays.copyOfRange(vectors, i * dim, (i + 1) * dim);
    }

    /** A copy of the item's vector, or {@code null} when the item has none. */
    public float[] vector(long itemId) {
        int i = index.get(itemId);
        return i < 0 ? null : vectorAt(i);
    }

    /** Whether the item has a vector (it was seen in the training data). */
    public boolean contains(long itemId) {
        return index.get(itemId) >= 0;
    }

    /**
     * The retrieval query for a user: {@code Σ_p CONTEXT_DECAY^p · e(recent_p)} over the newest
     * {@link ModelSignature#CONTEXT_ITEMS} interactions that have a vector. All zeros when none has one.
     */
    public float[] query(List<RecentItem> recent) {
        float[] q = new float[dim];
        double w = 1;
        for (int p = 0; p < recent.size() && p < ModelSignature.CONTEXT_ITEMS; p++, w *= ModelSignature.CONTEXT_DECAY) {
            int i = index.get(recent.get(p).itemId());
            if (i >= 0) {
                for (int d = 0; d < dim; d++) {
                    q[d] += (float) (w * vectors[i * dim + d]);
                }
            }
        }
        return q;
    }

    /** Dot product of {@code query} with the i-th record. */
    public float dot(float[] query, int i) {
        float s = 0;
        int base = i * dim;
        for (int d = 0; d < dim; d++) {
            s += query[d] * vectors[base + d];
        }
        return s;
    }

    /** Exact top {@code k} item ids by dot product with {@code query}, best first (the reference ANN must approach). */
    public long[] topK(float[] query, int k) {
        int n = Math.min(k, ids.length);
        int[] heap = new int[n];
        float[] heapScore = new float[n];
        int size = 0;
        for (int i = 0; i < ids.length; i++) {
            float s = dot(query, i);
            if (size < n) {
                heap[size] = i;
                heapScore[size++] = s;
                siftUp(heap, heapScore, size - 1);
            } else if (n > 0 && s > heapScore[0]) {
                heap[0] = i;
                heapScore[0] = s;
                siftDown(heap, heapScore, size);
            }
        }
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> heapScore[a] != heapScore[b] ? Float.compare(heapScore[b], heapScore[a])
                : Long.compare(ids[heap[a]], ids[heap[b]]));
        long[] out = new long[size];
        for (int i = 0; i < size; i++) {
            out[i] = ids[heap[order[i]]];
        }
        return out;
    }

    public void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            ByteBuffer header = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
            header.putInt(MAGIC).putInt(ids.length).putInt(dim);
            out.write(header.array());
            ByteBuffer record = ByteBuffer.allocate(8 + 4 * dim).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < ids.length; i++) {
                record.clear();
                record.putLong(ids[i]);
                for (int d = 0; d < dim; d++) {
                    record.putFloat(vectors[i * dim + d]);
                }
                out.write(record.array());
            }
        }
    }

    /** Largest vector width accepted: a guard against reading a corrupt header as a huge allocation. */
    public static final int MAX_DIM = 1024;

    /**
     * Reads and validates a file: magic, header, exact size for the declared count and width, finite values.
     *
     * @throws IOException when the file is not a well-formed item embeddings file
     */
    public static ItemEmbeddings read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 12) {
                throw new IOException(file + ": too short for an item embeddings header");
            }
            ByteBuffer in = ch.map(FileChannel.MapMode.READ_ONLY, 0, size).order(ByteOrder.LITTLE_ENDIAN);
            int magic = in.getInt();
            int count = in.getInt();
            int dim = in.getInt();
            if (magic != MAGIC) {
                throw new IOException(file + ": not an item embeddings file (bad magic " + Integer.toHexString(magic)
                        + ")");
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

    private static void siftUp(int[] heap, float[] score, int i) {
        while (i > 0) {
            int parent = (i - 1) / 2;
            if (score[i] >= score[parent]) {
                return;
            }
            swap(heap, score, i, parent);
            i = parent;
        }
    }

    private static void siftDown(int[] heap, float[] score, int size) {
        int i = 0;
        while (true) {
            int l = 2 * i + 1;
            int r = l + 1;
            int min = i;
            if (l < size && score[l] < score[min]) {
                min = l;
            }
            if (r < size && score[r] < score[min]) {
                min = r;
            }
            if (min == i) {
                return;
            }
            swap(heap, score, i, min);
            i = min;
        }
    }

    private static void swap(int[] heap, float[] score, int a, int b) {
        int t = heap[a];
        heap[a] = heap[b];
        heap[b] = t;
        float s = score[a];
        score[a] = score[b];
        score[b] = s;
    }
}
