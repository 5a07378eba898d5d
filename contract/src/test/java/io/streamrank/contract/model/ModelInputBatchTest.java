package io.streamrank.contract.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.contract.event.EventType;
import io.streamrank.contract.features.ItemFeatures;
import io.streamrank.contract.features.RecentItem;
import io.streamrank.contract.features.UserFeatures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelInputBatchTest {

    private static final long NOW = 1_000_000L;
    private static final int R = ModelSignature.CONTEXT_ITEMS;

    private final UserFeatures user = new UserFeatures(List.of(new RecentItem(5L, 3L, EventType.CLICK, NOW - 10),
            new RecentItem(6L, 4L, EventType.CART, NOW - 20)), Map.of(3L, 1), NOW - 10, NOW, NOW);

    @Test
    void everySignatureInputIsFilledInOrderWithItsShape() {
        ModelInputBatch batch = new ModelInputBatch(1);
        batch.add(user, new ItemFeatures(3L, 4, NOW, NOW), 5L, 3L, 42L, NOW);
        batch.add(user, ItemFeatures.MISSING, 9L, 0L, 42L, NOW);

        List<ModelInputBatch.Input> in = batch.inputs();

        assertThat(in).extracting(ModelInputBatch.Input::name).containsExactlyElementsOf(ModelSignature.INPUTS);
        assertThat(in.get(0).shape()).containsExactly(2, ModelSignature.FEATURE_COUNT);
        assertThat(in.get(0).floats()).startsWith(FeatureVectorizer.row(user, new ItemFeatures(3L, 4, NOW, NOW), 5L,
                3L, NOW));
        assertThat(in.get(1).longs()).containsExactly(42L, 42L);
        assertThat(in.get(2).longs()).containsExactly(5L, 9L);
        assertThat(in.get(3).longs()).containsExactly(3L, 0L);
        assertThat(in.get(4).shape()).containsExactly(2, R);
        long[] expected = new long[R];
        expected[0] = 5L;
        expected[1] = 6L;
        assertThat(java.util.Arrays.copyOfRange(in.get(4).longs(), R, 2 * R)).containsExactly(expected);
        assertThat(in.get(5).longs()[0]).isEqualTo(3L);
        assertThat(in.get(5).longs()[1]).isEqualTo(4L);
    }

    @Test
    void contextKeepsOnlyTheNewestInteractions() {
        List<RecentItem> many = new ArrayList<>();
        for (int i = 0; i < R + 5; i++) {
            many.add(new RecentItem(100L + i, 1L, EventType.CLICK, NOW - i));
        }
        long[] items = new long[R];
        long[] cats = new long[R];

        ModelInputBatch.context(many, items, cats, 0);

        assertThat(items[0]).isEqualTo(100L);
        assertThat(items[R - 1]).isEqualTo(100L + R - 1);
    }

    @Test
    void withoutRealtimeFeaturesKeepsOnlyTheIds() {
        ModelInputBatch batch = new ModelInputBatch(1);
        batch.add(user, new ItemFeatures(3L, 4, NOW, NOW), 5L, 3L, 42L, NOW);

        List<ModelInputBatch.Input> in = batch.withoutRealtimeFeatures().inputs();

        assertThat(in.get(0).floats()).containsOnly(0f);
        assertThat(in.get(4).longs()).containsOnly(0L);
        assertThat(in.get(2).longs()).containsExactly(5L);
        assertThat(batch.inputs().get(4).longs()[0]).as("original untouched").isEqualTo(5L);
    }

    @Test
    void selectCopiesTheChosenRowsInOrder() {
        ModelInputBatch batch = new ModelInputBatch(4);
        for (long i = 1; i <= 4; i++) {
            batch.add(user, ItemFeatures.MISSING, i, 0L, 10 + i, NOW);
        }

        ModelInputBatch picked = batch.select(new int[] {3, 0, 2}, 0, 2);

        assertThat(picked.size()).isEqualTo(2);
        assertThat(picked.inputs().get(2).longs()).containsExactly(4L, 1L);
    }
}
