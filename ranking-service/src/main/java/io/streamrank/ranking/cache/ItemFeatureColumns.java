package io.streamrank.ranking.cache;

/**
 * Item feature values by position, one primitive array per field, as a batched lookup fills them from
 * {@link ItemSlots} (fields in the order category, clicks, as-of, updated-at): a hit copies numbers, where it built an
 * {@code ItemFeatures} per candidate (~20 KB of a 500-candidate request's garbage, ADR 72). A category of 0 marks an
 * item known to have no value, as {@code ItemFeatures.MISSING} does.
 */
public final class ItemFeatureColumns implements ItemSlots.Columns {

    private final long[] categoryIds;
    private final int[] clicks1h;
    /** {@code null} for columns that do not keep it (the request path does not use it). */
    private final long[] asOf;
    private final long[] updatedAt;

    /**
     * @param size     positions
     * @param withAsOf whether {@link #asOf} is kept too
     */
    public ItemFeatureColumns(int size, boolean withAsOf) {
        this.categoryIds = new long[size];
        this.clicks1h = new int[size];
        this.asOf = withAsOf ? new long[size] : null;
        this.updatedAt = new long[size];
    }

    /** Sets the value at the position; {@code categoryId} 0: none; {@code clicks} fits an int (stored from one). */
    @Override
    public void put(int position, long categoryId, long clicks, long asOfMs, long updatedAtMs) {
        categoryIds[position] = categoryId;
        clicks1h[position] = (int) clicks;
        if (asOf != null) {
            asOf[position] = asOfMs;
        }
        updatedAt[position] = updatedAtMs;
    }

    public int size() {
        return categoryIds.length;
    }

    /** The item's category, 0 when it has no value. */
    public long categoryId(int position) {
        return categoryIds[position];
    }

    public int clicks1h(int position) {
        return clicks1h[position];
    }

    /** Event time the value is computed for; only in columns made {@code withAsOf}. */
    public long asOf(int position) {
        return asOf[position];
    }

    /** Wall-clock time the value was computed, epoch ms. */
    public long updatedAt(int position) {
        return updatedAt[position];
    }

    /** Marks the position as having no fresh value: category 0, no clicks. Its {@link #updatedAt} is kept. */
    public void clear(int position) {
        categoryIds[position] = 0L;
        clicks1h[position] = 0;
    }
}
