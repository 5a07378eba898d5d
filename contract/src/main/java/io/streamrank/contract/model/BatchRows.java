package io.streamrank.contract.model;

import java.util.Arrays;
import java.util.List;

/** New {@link ModelInputBatch}es from the rows of others: selections, concatenations, ablations. */
final class BatchRows {

    private static final int F = ModelSignature.FEATURE_COUNT;
    private static final int R = ModelSignature.CONTEXT_ITEMS;

    private BatchRows() {
    }

    /** See {@link ModelInputBatch#select}. */
    static ModelInputBatch select(ModelInputBatch in, int[] rows, int from, int to) {
        ModelInputBatch out = new ModelInputBatch(to - from);
        int lastSource = -1;
        for (int i = from; i < to; i++) {
            int src = rows[i];
            int dst = out.size++;
            System.arraycopy(in.features, src * F, out.features, dst * F, F);
            out.userIds[dst] = in.userIds[src];
            out.itemIds[dst] = in.itemIds[src];
            out.categoryIds[dst] = in.categoryIds[src];
            int context = (int) in.contextRows[src];
            if (context != lastSource) {
                int c = out.newContext();
                System.arraycopy(in.recentItems, context * R, out.recentItems, c * R, R);
                System.arraycopy(in.recentCategories, context * R, out.recentCategories, c * R, R);
                lastSource = context;
            }
            out.contextRows[dst] = out.contexts - 1;
        }
        return out;
    }

    /** See {@link ModelInputBatch#concat(List, ModelInputBatch)}. */
    static ModelInputBatch concat(List<ModelInputBatch> batches, ModelInputBatch into) {
        if (batches.size() == 1) {
            return batches.get(0);
        }
        // Summed as longs: the batches' rows together may be more than an int holds, which must be refused, not wrap.
        long rows = 0;
        long contexts = 0;
        for (ModelInputBatch b : batches) {
            rows += b.size;
            contexts += b.contexts;
        }
        ModelInputBatch out = into == null ? new ModelInputBatch(BatchCapacity.rows(rows)) : into;
        out.clear();
        out.ensureCapacity(rows, Math.max(1, contexts));
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

    /** See {@link ModelInputBatch#withoutRealtimeFeatures}. */
    static ModelInputBatch withoutRealtimeFeatures(ModelInputBatch in) {
        int[] all = new int[in.size];
        for (int i = 0; i < in.size; i++) {
            all[i] = i;
        }
        ModelInputBatch out = select(in, all, 0, in.size);
        Arrays.fill(out.features, 0f);
        // Every row now has the same, empty context: one row of it serves them all.
        out.contexts = Math.min(out.contexts, 1);
        Arrays.fill(out.contextRows, 0);
        Arrays.fill(out.recentItems, 0L);
        Arrays.fill(out.recentCategories, 0L);
        return out;
    }
}
