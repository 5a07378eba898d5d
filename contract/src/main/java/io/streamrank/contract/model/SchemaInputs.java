package io.streamrank.contract.model;

import io.streamrank.contract.model.ModelInputBatch.Input;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** How a {@link ModelInputBatch}'s arrays become the named inputs of each servable schema. */
final class SchemaInputs {

    private static final int F = ModelSignature.FEATURE_COUNT;
    private static final int R = ModelSignature.CONTEXT_ITEMS;

    private SchemaInputs() {
    }

    /** The current schema's inputs: trimmed copies, or the batch's own arrays (read only their first values). */
    static List<Input> current(ModelInputBatch b, boolean copy) {
        List<Input> out = new ArrayList<>(ModelSignature.INPUTS.size());
        addRowInputs(b, out, copy);
        out.add(new Input(ModelSignature.RECENT_ITEM_IDS, new long[] {b.contexts, R}, null,
                first(b.recentItems, b.contexts * R, copy)));
        out.add(new Input(ModelSignature.RECENT_CATEGORY_IDS, new long[] {b.contexts, R}, null,
                first(b.recentCategories, b.contexts * R, copy)));
        out.add(new Input(ModelSignature.CONTEXT_ROW, new long[] {b.size}, null, first(b.contextRows, b.size, copy)));
        return List.copyOf(out);
    }

    /** See {@link ModelInputBatch#inputs(int)}. */
    static List<Input> of(ModelInputBatch b, int schemaVersion) {
        if (schemaVersion == ModelSignature.SCHEMA_VERSION) {
            return current(b, true);
        }
        if (schemaVersion != ModelSignature.PREVIOUS_SCHEMA_VERSION) {
            throw new IllegalArgumentException("cannot fill the inputs of model schema " + schemaVersion
                    + "; this contract fills schemas " + ModelSignature.SERVABLE_SCHEMA_VERSIONS);
        }
        // Schema 2 has no context rows: each row carries its context.
        long[] items = new long[b.size * R];
        long[] categories = new long[b.size * R];
        for (int i = 0; i < b.size; i++) {
            int c = (int) b.contextRows[i];
            System.arraycopy(b.recentItems, c * R, items, i * R, R);
            System.arraycopy(b.recentCategories, c * R, categories, i * R, R);
        }
        List<Input> out = new ArrayList<>(ModelSignature.INPUTS_SCHEMA_2.size());
        addRowInputs(b, out, true);
        out.add(new Input(ModelSignature.RECENT_ITEM_IDS, new long[] {b.size, R}, null, items));
        out.add(new Input(ModelSignature.RECENT_CATEGORY_IDS, new long[] {b.size, R}, null, categories));
        return List.copyOf(out);
    }

    /** The per-row inputs both schemas share, in signature order: copies, or the batch's own arrays. */
    private static void addRowInputs(ModelInputBatch b, List<Input> out, boolean copy) {
        out.add(new Input(ModelSignature.INPUT_NAME, new long[] {b.size, F},
                copy ? Arrays.copyOf(b.features, b.size * F) : b.features, null));
        out.add(new Input(ModelSignature.USER_ID, new long[] {b.size}, null, first(b.userIds, b.size, copy)));
        out.add(new Input(ModelSignature.ITEM_ID, new long[] {b.size}, null, first(b.itemIds, b.size, copy)));
        out.add(new Input(ModelSignature.CATEGORY_ID, new long[] {b.size}, null,
                first(b.categoryIds, b.size, copy)));
    }

    /** The first {@code n} values as a trimmed copy, or the array itself (the caller reads only those). */
    private static long[] first(long[] values, int n, boolean copy) {
        return copy ? Arrays.copyOf(values, n) : values;
    }
}
