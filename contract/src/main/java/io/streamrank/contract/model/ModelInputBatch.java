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
 * Not thread-safe; one batch per request.
 */
public final class ModelInputBatch {

    private static final int F = ModelSignature.FEATURE_COUNT;
    private static final int R = ModelSignature.CONTEXT_ITEMS;

    private float[] features;
    private long[] userIds;
    private long[] itemIds;
    private long[] categoryIds;
    private long[] recentItems;
    private long[] recentCategories;
    private int size;
    /** The last user's context row, reused while consecutive rows belong to the same user snapshot. */
    private UserFeatures lastUser;
    private int lastUserRow = -1;

    public ModelInputBatch(int expectedRows) {
        int capacity = Math.max(1, expectedRows);
        features = new float[capacity * F];
        userIds = new long[capacity];
        itemIds = new long[capacity];
        categoryIds = new long[capacity];
        recentItems = new long[capacity * R];
        recentCategories = new long[capacity * R];
    }

    /**
     * Adds one row and returns its index.
     *
     * @param user       the user's live features ({@link UserFeatures#EMPTY} when none)
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
        FeatureVectorizer.row(user, item, itemId, categoryId, now, features, row * F);
        userIds[row] = userId;
        itemIds[row] = itemId;
        categoryIds[row] = categoryId;
        if (user == lastUser && lastUserRow >= 0) {
            System.arraycopy(recentItems, lastUserRow * R, recentItems, row * R, R);
            System.arraycopy(recentCategories, lastUserRow * R, recentCategories, row * R, R);
        } else {
            context(user.recent(), recentItems, recentCategories, row * R);
            lastUser = user;
            lastUserRow = row;
        }
        return row;
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
     * The named inputs of {@link ModelSignature}, in {@link ModelSignature#INPUTS} order, trimmed to {@link #size()}
     * rows. Exactly one of {@code floats}/{@code longs} is set per input.
     */
    public List<Input> inputs() {
        return List.of(
                new Input(ModelSignature.INPUT_NAME, new long[] {size, F}, Arrays.copyOf(features, size * F), null),
                new Input(ModelSignature.USER_ID, new long[] {size}, null, Arrays.copyOf(userIds, size)),
                new Input(ModelSignature.ITEM_ID, new long[] {size}, null, Arrays.copyOf(itemIds, size)),
                new Input(ModelSignature.CATEGORY_ID, new long[] {size}, null, Arrays.copyOf(categoryIds, size)),
                new Input(ModelSignature.RECENT_ITEM_IDS, new long[] {size, R}, null,
                        Arrays.copyOf(recentItems, size * R)),
                new Input(ModelSignature.RECENT_CATEGORY_IDS, new long[] {size, R}, null,
                        Arrays.copyOf(recentCategories, size * R)));
    }

    /** A new batch of the given rows {@code rows[from .. to)}, in that order. */
    public ModelInputBatch select(int[] rows, int from, int to) {
        ModelInputBatch out = new ModelInputBatch(to - from);
        for (int i = from; i < to; i++) {
            int src = rows[i];
            int dst = out.size++;
            System.arraycopy(features, src * F, out.features, dst * F, F);
            out.userIds[dst] = userIds[src];
            out.itemIds[dst] = itemIds[src];
            out.categoryIds[dst] = categoryIds[src];
            System.arraycopy(recentItems, src * R, out.recentItems, dst * R, R);
            System.arraycopy(recentCategories, src * R, out.recentCategories, dst * R, R);
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

    private void grow(int capacity) {
        features = Arrays.copyOf(features, capacity * F);
        userIds = Arrays.copyOf(userIds, capacity);
        itemIds = Arrays.copyOf(itemIds, capacity);
        categoryIds = Arrays.copyOf(categoryIds, capacity);
        recentItems = Arrays.copyOf(recentItems, capacity * R);
        recentCategories = Arrays.copyOf(recentCategories, capacity * R);
    }

    /**
     * One named input tensor.
     *
     * @param name   signature input name
     * @param shape  tensor shape
     * @param floats row-major float32 data, or {@code null}
     * @param longs  row-major int64 data, or {@code null}
     */
    public record Input(String name, long[] shape, float[] floats, long[] longs) {
    }
}
