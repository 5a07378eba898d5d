package io.streamrank.ranking.catalog;

import io.streamrank.contract.catalog.CatalogItem;
import io.streamrank.ranking.cache.ItemSlots;

/**
 * The catalog fields the ranking path uses (category, created-at, availability) by candidate position, one primitive
 * array per field, as {@link CatalogStore#lookup} fills them from the cache's slots: a hit copies three numbers where
 * it handed out the cached {@code CatalogItem}, which cost three dependent memory reads per candidate (ADR 74). Price
 * and title are not here: nothing on that path reads them, and the REST read of one item goes to Redis.
 *
 * <p>In the cache's slots the fields are, in order: the category (0 when the catalog does not hold the item; real
 * categories are &gt; 0), the created-at, 1 or 0 for available, and an unused 0 ({@link CatalogCache#put}).
 */
public final class CatalogColumns implements ItemSlots.Columns {

    private final long[] categoryIds;
    private final long[] createdAt;
    private final boolean[] available;

    CatalogColumns(int size) {
        this.categoryIds = new long[size];
        this.createdAt = new long[size];
        this.available = new boolean[size];
    }

    /** Columns holding the entries by position, {@code null} where the catalog has none (tests, one-off reads). */
    public static CatalogColumns of(CatalogItem... items) {
        CatalogColumns columns = new CatalogColumns(items.length);
        for (int i = 0; i < items.length; i++) {
            columns.put(i, items[i]);
        }
        return columns;
    }

    @Override
    public void put(int position, long categoryId, long createdAtMs, long isAvailable, long unused) {
        categoryIds[position] = categoryId;
        createdAt[position] = createdAtMs;
        available[position] = isAvailable != 0;
    }

    /** Sets the position from an entry, or to "not in the catalog" for {@code null}. */
    void put(int position, CatalogItem item) {
        if (item == null) {
            put(position, 0L, 0L, 0L, 0L);
        } else {
            put(position, item.categoryId(), item.createdAt(), item.available() ? 1L : 0L, 0L);
        }
    }

    public int size() {
        return categoryIds.length;
    }

    /** The item's category, 0 when the catalog does not hold it. */
    public long categoryId(int position) {
        return categoryIds[position];
    }

    /** When the item was listed, epoch ms; only for items the catalog holds (category not 0). */
    public long createdAt(int position) {
        return createdAt[position];
    }

    /** Whether the item is held and can be sold now; false for items the catalog does not hold. */
    public boolean available(int position) {
        return available[position];
    }

    /** Whether the catalog holds the item as unavailable (an item it does not hold is not taken for unavailable). */
    public boolean unavailable(int position) {
        return categoryIds[position] != 0 && !available[position];
    }
}
