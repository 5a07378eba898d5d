package io.streamrank.contract.model;

import io.streamrank.contract.features.ItemFeatures;
import io.streamrank.contract.features.RecentItem;
import io.streamrank.contract.features.UserFeatures;
import java.util.Arrays;
import java.util.List;

/**
 * The model input for a batch of (user, candidate) rows: the one API the trainer, the evaluation and the ranking service
 * use to fill every input of {@link ModelSignature}, so no caller can get a column or an id input wrong.
 *
 * <pre>{@code
 * ModelInputBatch batch = new ModelInputBatch(candidates.size());
 * for (...) batch.add(user, itemFeatures, itemId, categoryId, userId, now);
 * for (ModelInputBatch.Input in : batch.inputs()) { ...create a named tensor from in.floats() or in.longs()... }
 * }</pre>
 * Recent-interaction contexts are kept apart from the rows: consecutive rows of the same {@link UserFeatures} instance
 * share one context row, so a request's 500 candidates carry their user's context once (schema 3). Not thread-safe;
 * one batch per request at a time ({@link #clear()} readies it for the next).
 */
public final class ModelInputBatch {

    /**
     * The most rows a batch holds (107,374,181): each input is one Java array; beyond it constructing or adding
     * throws an {@link IllegalArgumentException} ({@link BatchCapacity}).
     */
    public static final int MAX_ROWS = BatchCapacity.MAX_ROWS;

    private static final int F = ModelSignature.FEATURE_COUNT;
    private static final int R = ModelSignature.CONTEXT_ITEMS;

    // The arrays are package-private for SchemaInputs (the named inputs per schema) and BatchRows (new batches from
    // rows of others), which read and build them directly.
    float[] features;
    long[] userIds;
    long[] itemIds;
    long[] categoryIds;
    /**
     * Per row: the index of its context in {@link #recentItems}/{@link #recentCategories}; int64 as the
     * {@link ModelSignature#CONTEXT_ROW} input is, so it is handed on without conversion.
     */
    long[] contextRows;
    int size;
    /** {@code contexts × R}: one context row per run of consecutive rows with the same user snapshot. */
    long[] recentItems;
    long[] recentCategories;
    int contexts;
    /** The user of the last context row, reused while consecutive rows belong to the same user snapshot. */
    private UserFeatures lastUser;
    /** The user side of the rows of the last user snapshot and request time, so consecutive rows share it. */
    private UserRowContext rowContext;

    /** @throws IllegalArgumentException when {@code expectedRows} is over {@link #MAX_ROWS} */
    public ModelInputBatch(int expectedRows) {
        int capacity = Math.max(1, BatchCapacity.rows(expectedRows));
        features = new float[capacity * F];
        userIds = new long[capacity];
        itemIds = new long[capacity];
        categoryIds = new long[capacity];
        contextRows = new long[capacity];
        // Serving batches hold one user; batches of many users grow this by doubling.
        recentItems = new long[R];
        recentCategories = new long[R];
    }

    /**
     * Adds one row and returns its index.
     *
     * @param user       the user's live features ({@link UserFeatures#EMPTY} when none); passing the same instance for
     *                   consecutive rows makes them share one context row
     * @param item       the candidate's live features ({@link ItemFeatures#MISSING} when none)
     * @param itemId     the candidate
     * @param categoryId the candidate's category, 0 when unknown
     * @param userId     the user (0 when anonymous)
     * @param now        request time (event time when training), epoch ms
     */
    public int add(UserFeatures user, ItemFeatures item, long itemId, long categoryId, long userId, long now) {
        return add(user, item.clicks1h(), !item.isMissing(), itemId, categoryId, userId, now);
    }

    /**
     * As {@link #add(UserFeatures, ItemFeatures, long, long, long, long)}, with the item's live values given as the
     * columns a serving request holds them in (no {@link ItemFeatures} per candidate).
     *
     * @param itemClicks1h {@link ItemFeatures#clicks1h()} (0 when none)
     * @param itemPresent  whether the item has live features ({@code !}{@link ItemFeatures#isMissing()})
     */
    public int add(UserFeatures user, int itemClicks1h, boolean itemPresent, long itemId, long categoryId, long userId,
                   long now) {
        if (size == userIds.length) {
            grow(BatchCapacity.grown(size));
        }
        int row = size++;
        if (rowContext == null || !rowContext.isFor(user, now)) {
            rowContext = new UserRowContext(user, now);
        }
        rowContext.row(itemClicks1h, itemPresent, itemId, categoryId, features, row * F);
        userIds[row] = userId;
        itemIds[row] = itemId;
        categoryIds[row] = categoryId;
        if (user != lastUser || contexts == 0) {
            // The new row first: growing replaces the arrays.
            int c = newContext();
            context(user.recent(), recentItems, recentCategories, c * R);
            lastUser = user;
        }
        contextRows[row] = contexts - 1;
        return row;
    }

    /**
     * Empties the batch for new rows, keeping its arrays (grown ones included): a service reusing batches across
     * requests saves their ~46 KB of arrays per 500-row request. Anything read from the batch before, such as the
     * arrays of {@link #views}, is invalid afterwards.
     */
    public void clear() {
        size = 0;
        contexts = 0;
        lastUser = null;
        rowContext = null;
    }

    /** Writes the newest {@link ModelSignature#CONTEXT_ITEMS} interactions (0-padded) at {@code offset}. */
    public static void context(List<RecentItem> recent, long[] items, long[] categories, int offset) {
        int n = Math.min(R, recent.size());
        for (int p = 0; p < n; p++) {
            items[offset + p] = recent.get(p).itemId();
            categories[offset + p] = recent.get(p).categoryId();
        }
        Arrays.fill(items, offset + n, offset + R, 0L);
        Arrays.fill(categories, offset + n, offset + R, 0L);
    }

    public int size() {
        return size;
    }

    /**
     * The named inputs of the current schema ({@link ModelSignature#INPUTS} order): rows trimmed to {@link #size()},
     * one {@link ModelSignature#RECENT_ITEM_IDS} row per distinct context. Exactly one of {@code floats}/{@code longs}
     * is set per input; the arrays are copies, exactly {@link Input#count()} long.
     */
    public List<Input> inputs() {
        return SchemaInputs.current(this, true);
    }

    /**
     * As {@link #inputs(int)}, but without copying what the batch already holds in the right layout: an input's array
     * may then be the batch's own and longer than the input ({@link Input#count()} values count). Valid until the
     * batch changes; for callers that copy the values on at once, such as the service staging them for a tensor: the
     * copies {@link #inputs(int)} makes were ~45 KB of garbage per 500-row request.
     *
     * @throws IllegalArgumentException for a schema not in {@link ModelSignature#SERVABLE_SCHEMA_VERSIONS}
     */
    public List<Input> views(int schemaVersion) {
        return schemaVersion == ModelSignature.SCHEMA_VERSION ? SchemaInputs.current(this, false)
                : inputs(schemaVersion);
    }

    /**
     * The named inputs of a model built for {@code schemaVersion}, one of
     * {@link ModelSignature#SERVABLE_SCHEMA_VERSIONS}: the current schema as {@link #inputs()}; schema
     * {@value ModelSignature#PREVIOUS_SCHEMA_VERSION} with each row's context repeated on the row
     * ({@link ModelSignature#INPUTS_SCHEMA_2}), so a model trained before the upgrade still serves.
     *
     * @throws IllegalArgumentException for any other schema
     */
    public List<Input> inputs(int schemaVersion) {
        return SchemaInputs.of(this, schemaVersion);
    }

    /**
     * A new batch of the given rows {@code rows[from .. to)}, in that order. Each row keeps its context; consecutive
     * selected rows that shared a context share one in the new batch too.
     */
    public ModelInputBatch select(int[] rows, int from, int to) {
        return BatchRows.select(this, rows, from, to);
    }

    /**
     * One batch of the given batches' rows, in order, each row keeping its context (context rows are appended, not
     * merged): what the service scores in one model call for several requests. The result is for reading only; one
     * batch is returned as it is, without a copy.
     */
    public static ModelInputBatch concat(List<ModelInputBatch> batches) {
        return BatchRows.concat(batches, null);
    }

    /**
     * As {@link #concat(List)}, written into {@code into} (emptied first, its arrays grown when too small) instead of
     * a new batch: a caller that concatenates on every call keeps one, where a new one for two 500-row requests was
     * ~90 KB of garbage (ADR 72). Returns {@code into}, or the one batch given as it is.
     */
    public static ModelInputBatch concat(List<ModelInputBatch> batches, ModelInputBatch into) {
        return BatchRows.concat(batches, into);
    }

    /**
     * This batch with every real-time input zeroed (dense features and recent-interaction context), keeping only the
     * ids: what a model sees without the streaming features. For ablation studies; never for serving.
     */
    public ModelInputBatch withoutRealtimeFeatures() {
        return BatchRows.withoutRealtimeFeatures(this);
    }

    public long userId(int row) {
        return userIds[row];
    }

    public long itemId(int row) {
        return itemIds[row];
    }

    public long categoryId(int row) {
        return categoryIds[row];
    }

    /** The dense row of {@code row} (a copy). */
    public float[] features(int row) {
        return Arrays.copyOfRange(features, row * F, (row + 1) * F);
    }

    /** The context item ids of {@code row}: its user's newest interactions, 0-padded (a copy). */
    public long[] recentItemIds(int row) {
        int c = (int) contextRows[row];
        return Arrays.copyOfRange(recentItems, c * R, (c + 1) * R);
    }

    /** Appends an (unfilled) context row and returns its index. */
    int newContext() {
        if (contexts == recentItems.length / R) {
            int capacity = BatchCapacity.grown(contexts);
            recentItems = Arrays.copyOf(recentItems, capacity * R);
            recentCategories = Arrays.copyOf(recentCategories, capacity * R);
        }
        return contexts++;
    }

    /**
     * Grows the arrays, keeping their rows and contexts, to hold at least this many rows and contexts.
     *
     * @throws IllegalArgumentException when either is over {@link #MAX_ROWS}
     */
    void ensureCapacity(long rows, long contextRowsNeeded) {
        int wantRows = BatchCapacity.rows(rows);
        int wantContexts = BatchCapacity.rows(contextRowsNeeded);
        if (wantRows > userIds.length) {
            grow(wantRows);
        }
        if (wantContexts * R > recentItems.length) {
            recentItems = Arrays.copyOf(recentItems, wantContexts * R);
            recentCategories = Arrays.copyOf(recentCategories, wantContexts * R);
        }
    }

    private void grow(int capacity) {
        features = Arrays.copyOf(features, capacity * F);
        userIds = Arrays.copyOf(userIds, capacity);
        itemIds = Arrays.copyOf(itemIds, capacity);
        categoryIds = Arrays.copyOf(categoryIds, capacity);
        contextRows = Arrays.copyOf(contextRows, capacity);
    }

    /**
     * One named input tensor.
     *
     * @param name   signature input name
     * @param shape  tensor shape
     * @param floats row-major float32 data, or {@code null}; from {@link #views} possibly longer than {@link #count()}
     * @param longs  row-major int64 data, or {@code null}; from {@link #views} possibly longer than {@link #count()}
     */
    public record Input(String name, long[] shape, float[] floats, long[] longs) {

        /** The number of values of the tensor (the product of its shape): the first ones of the array. */
        public int count() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return Math.toIntExact(n);
        }
    }
}
