package io.streamrank.contract.model;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The category each item of a model version was trained with: {@code <version>/item_categories.bin} (ADR 82). The
 * ranking service takes a candidate's category from this when neither its live features nor the catalog know it, so
 * that a service without a catalog does not score an item the model knows with category 0, which training never did.
 *
 * <p>Format, little-endian: int32 magic {@code 0x53524943} ("SRIC"), int32 count, then count records of (int64
 * itemId, int64 categoryId) in strictly ascending item id order, so the same items give the same bytes.
 *
 * <p>Held as {@link IdOrds} (id → row) beside the categories by row, as {@link ItemEmbeddings} holds its rows: a lookup
 * is one hash and one or two probes, where a binary search over the sorted ids is ~16 dependent reads for the bench
 * model's 55k items, for each candidate without live features. The price is memory: about 2.4 MB for that model
 * where the two sorted arrays alone are 0.9 MB, once per served version. Immutable; safe to read from any thread.
 */
public final class ItemCategories {

    public static final String FILE_NAME = "item_categories.bin";
    public static final int MAGIC = 0x53524943;
    /** No table: a version exported before ADR 82, whose items fall back to category 0 as before. */
    public static final ItemCategories NONE = new ItemCategories(new long[0], new long[0]);

    private static final int HEADER_BYTES = 8;
    private static final int RECORD_BYTES = 16;

    private final long[] ids;
    private final long[] categories;
    private final IdOrds rows;

    /**
     * @param ids        item ids, strictly ascending
     * @param categories the category of each, by position
     */
    public ItemCategories(long[] ids, long[] categories) {
        if (ids.length != categories.length) {
            throw new IllegalArgumentException(ids.length + " ids but " + categories.length + " categories");
        }
        for (int i = 1; i < ids.length; i++) {
            if (ids[i] <= ids[i - 1]) {
                throw new IllegalArgumentException("item ids not strictly ascending at position " + i + ": "
                        + ids[i - 1] + ", " + ids[i]);
            }
        }
        this.ids = ids;
        this.categories = categories;
        this.rows = new IdOrds(ids.length);
        for (int i = 0; i < ids.length; i++) {
            rows.put(ids[i], i);
        }
    }

    /** The table of an item → category map, in ascending item id order. */
    public static ItemCategories of(Map<Long, Long> itemCategories) {
        long[] ids = itemCategories.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
        long[] categories = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            categories[i] = itemCategories.get(ids[i]);
        }
        return new ItemCategories(ids, categories);
    }

    public int count() {
        return ids.length;
    }

    public long id(int i) {
        return ids[i];
    }

    public long categoryAt(int i) {
        return categories[i];
    }

    /** The item's category in training, or 0 (unknown) when the version does not know the item. */
    public long category(long itemId) {
        int row = rows.get(itemId);
        return row < 0 ? 0L : categories[row];
    }

    public void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            out.write(header.putInt(MAGIC).putInt(ids.length).array());
            ByteBuffer record = ByteBuffer.allocate(RECORD_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < ids.length; i++) {
                record.clear();
                out.write(record.putLong(ids[i]).putLong(categories[i]).array());
            }
        }
    }

    /**
     * Reads and validates a file: magic, exact size for the declared count, ascending ids.
     *
     * @throws IOException when the file is not a well-formed item categories file
     */
    public static ItemCategories read(Path file) throws IOException {
        long size = Files.size(file);
        if (size < HEADER_BYTES) {
            throw new IOException(file + ": " + size + " bytes, too short for an item categories header");
        }
        if (size > Integer.MAX_VALUE) {
            throw new IOException(file + ": " + size + " bytes, more than one mapping holds (2 GiB)");
        }
        // Mapped, as ItemEmbeddings is (no heap copy of the body), and the size checked against the header before
        // anything is allocated: a corrupt count allocates nothing.
        try (FileChannel ch = FileChannel.open(file)) {
            ByteBuffer in = ch.map(FileChannel.MapMode.READ_ONLY, 0, size).order(ByteOrder.LITTLE_ENDIAN);
            int magic = in.getInt();
            int count = in.getInt();
            if (magic != MAGIC) {
                throw new IOException(file + ": not an item categories file (bad magic " + Integer.toHexString(magic)
                        + ")");
            }
            long expected = HEADER_BYTES + (long) RECORD_BYTES * count;
            if (count < 0 || size != expected || expected > Integer.MAX_VALUE) {
                throw new IOException(file + ": " + size + " bytes, expected " + expected + " for " + count
                        + " items (truncated or not written whole)");
            }
            long[] ids = new long[count];
            long[] categories = new long[count];
            for (int i = 0; i < count; i++) {
                ids[i] = in.getLong();
                categories[i] = in.getLong();
            }
            try {
                return new ItemCategories(ids, categories);
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": " + e.getMessage(), e);
            }
        }
    }

}
