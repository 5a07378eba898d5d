package io.streamrank.contract.model;

import io.streamrank.contract.features.ItemFeatures;
import io.streamrank.contract.features.RecentItem;
import io.streamrank.contract.features.UserFeatures;
import java.util.ArrayList;
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

    private static final int F = ModelSignature.FEATURE_COUNT;
    private static final int R = ModelSignature.CONTEXT_ITEMS;

    private float[] features;
    private long[] userIds;
    private long[] itemIds;
    private long[] categoryIds;
    /**
     * Per row: the index of its context in {@link #recentItems}/{@link #recentCategories}; int64 as the
     * {@link ModelSignature#CONTEXT_ROW} input is, so it is handed on without conversion.
     */
    private long[] contextRows;
    private int size;
    /** {@code contexts × R}: one context row per run of consecutive rows with the same user snapshot. */
    private long[] recentItems;
    private long[] recentCategories;
    private int contexts;
    /** The user of the last context row, reused while consecutive rows belong to the same user snapshot. */
    private UserFeatures lastUser;
    /** The user side of the rows of the last user snapshot and request time, so consecutive rows share it. */
    private UserRowContext rowContext;

    public ModelInputBatch(int expectedRows) {
        int capacity = Math.max(1, expectedRows);
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
        if (size == userIds.length) {
            grow(size * 2);
        }
        int row = size++;
        if (rowContext == null || !rowContext.isFor(user, now)) {
            rowContext = new UserRowContext(user, now);
        }
        rowContext.row(item, itemId, categoryId, features, row * F);
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
        return current(true);
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
        return schemaVersion == ModelSignature.SCHEMA_VERSION ? current(false) : inputs(schemaVersion);
    }

    private List<Input> current(boolean copy) {
        List<Input> out = new ArrayList<>(ModelSignature.INPUTS.size());
        addRowInputs(out, copy);
        out.add(new Input(ModelSignature.RECENT_ITEM_IDS, new long[] {contexts, R}, null,
                first(recentItems, contexts * R, copy)));
        out.add(new Input(ModelSignature.RECENT_CATEGORY_IDS, new long[] {contexts, R}, null,
                first(recentCategories, contexts * R, copy)));
        out.add(new Input(ModelSignature.CONTEXT_ROW, new long[] {size}, null, first(contextRows, size, copy)));
        return List.copyOf(out);
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
        if (schemaVersion == ModelSignature.SCHEMA_VERSION) {
            return inputs();
        }
        if (schemaVersion != ModelSignature.PREVIOUS_SCHEMA_VERSION) {
            throw new IllegalArgumentException("cannot fill the inputs of model schema " + schemaVersion
                    + "; this contract fills schemas " + ModelSignature.SERVABLE_SCHEMA_VERSIONS);
        }
        long[] items = new long[size * R];
        long[] categories = new long[size * R];
        for (int i = 0; i < size; i++) {
            int c = (int) contextRows[i];
            System.arraycopy(recentItems, c * R, items, i * R, R);
            System.arraycopy(recentCategories, c * R, categories, i * R, R);
        }
        List<Input> out = new ArrayList<>(ModelSignature.INPUTS_SCHEMA_2.size());
        addRowInputs(out, true);
        out.add(new Input(ModelSignature.RECENT_ITEM_IDS, new long[] {size, R}, null, items));
        out.add(new Input(ModelSignature.RECENT_CATEGORY_IDS, new long[] {size, R}, null, categories));
        return List.copyOf(out);
    }

    /** The per-row inputs both schemas share, in signature order: copies, or the batch's own arrays. */
    private void addRowInputs(List<Input> out, boolean copy) {
        out.add(new Input(ModelSignature.INPUT_NAME, new long[] {size, F},
                copy ? Arrays.copyOf(features, size * F) : features, null));
        out.add(new Input(ModelSignature.USER_ID, new long[] {size}, null, first(userIds, size, copy)));
        out.add(new Input(ModelSignature.ITEM_ID, new long[] {size}, null, first(itemIds, size, copy)));
        out.add(new Input(ModelSignature.CATEGORY_ID, new long[] {size}, null, first(categoryIds, size, copy)));
    }

    /** The first {@code n} values as a trimmed copy, or the array itself (the caller reads only those). */
    private static long[] first(long[] values, int n, boolean copy) {
        return copy ? Arrays.copyOf(values, n) : values;
    }

    /**
     * A new batch of the given rows {@code rows[from .. to)}, in that order. Each row keeps its context; consecutive
     * selected rows that shared a context share one in the new batch too.
     */
    public ModelInputBatch select(int[] rows, int from, int to) {
        ModelInputBatch out = new ModelInputBatch(to - from);
        int lastSource = -1;
        for (int i = from; i < to; i++) {
            int src = rows[i];
            int dst = out.size++;
            System.arraycopy(features, src * F, out.features, dst * F, F);
            out.userIds[dst] = userIds[src];
            out.itemIds[dst] = itemIds[src];
            out.categoryIds[dst] = categoryIds[src];
            int context = (int) contextRows[src];
            if (context != lastSource) {
                int c = out.newContext();
                System.arraycopy(recentItems, context * R, out.recentItems, c * R, R);
                System.arraycopy(recentCategories, context * R, out.recentCategories, c * R, R);
                lastSource = context;
            }
            out.contextRows[dst] = out.contexts - 1;
        }
        return out;
    }

    /**
     * One batch of the given batches' rows, in order, each row keeping its context (context rows are appended, not
     * merged): what the service scores in one model call for several requests. The result is for reading only; one
     * batch is returned as it is, without a copy.
     */
    public static ModelInputBatch concat(List<ModelInputBatch> batches) {
        if (batches.size() == 1) {
            return batches.get(0);
        }
        int rows = 0;
        int contexts = 0;
        for (ModelInputBatch b : batches) {
            rows += b.size;
            contexts += b.contexts;
        }
        ModelInputBatch out = new ModelInputBatch(rows);
        out.recentItems = new long[Math.max(1, contexts) * R];
        out.recentCategories = new long[Math.max(1, contexts) * R];
        for (ModelInputBatch b : batches) {
            int row = out.size;
            System.arraycopy(b.features, 0, out.features, row * F, b.size * F);
            System.arraycopy(b.userIds, 0, out.userIds, row, b.size);
            System.arraycopy(b.itemIds, 0, out.itemIds, row, b.size);
            System.arraycopy(b.categoryIds, 0, out.categoryIds, row, b.size);
            for (int i = 0; i < b.size; i++) {
                out.contextRows[row + i] = out.contexts + b.contextRows[i];
            }
            System.arraycopy(b.recentItems, 0, out.recentItems, out.contexts * R, b.contexts * R);
            System.arraycopy(b.recentCategories, 0, out.recentCategories, out.contexts * R, b.contexts * R);
            out.size += b.size;
            out.contexts += b.contexts;
        }
        return out;
    }

    /**
     * This batch with every real-time input zeroed (dense features and recent-interaction context), keeping only the
     * ids: what a model sees without the streaming features. For ablation studies; never for serving.
     */
    public ModelInputBatch withoutRealtimeFeatures() {
        int[] all = new int[size];
        for (int i = 0; i < size; i++) {
            all[i] = i;
        }
        ModelInputBatch out = select(all, 0, size);
        Arrays.fill(out.features, 0f);
        // Every row now has the same, empty context: one row of it serves them all.
        out.contexts = Math.min(out.contexts, 1);
        Arrays.fill(out.contextRows, 0);
        Arrays.fill(out.recentItems, 0L);
        Arrays.fill(out.recentCategories, 0L);
        return out;
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
    private int newContext() {
        if ((contexts + 1) * R > recentItems.length) {
            recentItems = Arrays.copyOf(recentItems, contexts * 2 * R);
            recentCategories = Arrays.copyOf(recentCategories, contexts * 2 * R);
        }
        return contexts++;
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
