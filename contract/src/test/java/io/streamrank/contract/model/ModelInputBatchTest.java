package io.streamrank.contract.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrank.contract.event.EventType;
import io.streamrank.contract.features.ItemFeatures;
import io.streamrank.contract.features.RecentItem;
import io.streamrank.contract.features.UserFeatures;
import java.util.ArrayList;
import java.util.Arrays;
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
        assertThat(in.get(4).shape()).as("one context for both rows of the user").containsExactly(1, R);
        long[] expected = new long[R];
        expected[0] = 5L;
        expected[1] = 6L;
        assertThat(in.get(4).longs()).containsExactly(expected);
        assertThat(in.get(5).shape()).containsExactly(1, R);
        assertThat(in.get(5).longs()[0]).isEqualTo(3L);
        assertThat(in.get(5).longs()[1]).isEqualTo(4L);
        assertThat(in.get(6).shape()).containsExactly(2);
        assertThat(in.get(6).longs()).containsExactly(0L, 0L);
    }

    @Test
    void rowsFromTheItemsColumnsEqualRowsFromItsFeatureRecord() {
        // The service fills rows from primitive columns (no ItemFeatures per candidate); training from the record.
        ModelInputBatch fromRecords = new ModelInputBatch(2);
        fromRecords.add(user, new ItemFeatures(3L, 4, NOW, NOW), 5L, 3L, 42L, NOW);
        fromRecords.add(user, ItemFeatures.MISSING, 9L, 0L, 42L, NOW);
        ModelInputBatch fromColumns = new ModelInputBatch(2);
        fromColumns.add(user, 4, true, 5L, 3L, 42L, NOW);
        fromColumns.add(user, 0, false, 9L, 0L, 42L, NOW);

        assertInputsEqual(fromColumns, fromRecords);
        assertThat(fromColumns.inputs().get(0).floats()[3]).as("the clicks feature is not zero").isNotZero();
    }

    @Test
    void viewsHoldTheSameValuesAsInputsWithoutCopyingTheRows() {
        ModelInputBatch batch = new ModelInputBatch(10);
        batch.add(user, new ItemFeatures(3L, 4, NOW, NOW), 5L, 3L, 42L, NOW);
        batch.add(user, ItemFeatures.MISSING, 9L, 0L, 42L, NOW);

        List<ModelInputBatch.Input> copies = batch.inputs();
        List<ModelInputBatch.Input> views = batch.views(ModelSignature.SCHEMA_VERSION);

        assertThat(views).hasSameSizeAs(copies);
        for (int i = 0; i < copies.size(); i++) {
            ModelInputBatch.Input copy = copies.get(i);
            ModelInputBatch.Input view = views.get(i);
            assertThat(view.name()).isEqualTo(copy.name());
            assertThat(view.shape()).isEqualTo(copy.shape());
            assertThat(view.count()).isEqualTo(copy.floats() != null ? copy.floats().length : copy.longs().length);
            if (copy.floats() != null) {
                assertThat(Arrays.copyOf(view.floats(), view.count())).containsExactly(copy.floats());
            } else {
                assertThat(Arrays.copyOf(view.longs(), view.count())).containsExactly(copy.longs());
            }
        }
        // Capacity for 10 rows, 2 used: the view is the batch's own array, not a trimmed copy.
        assertThat(views.get(0).floats()).hasSize(10 * ModelSignature.FEATURE_COUNT);
        assertThat(views.get(0).floats()).isSameAs(batch.views(ModelSignature.SCHEMA_VERSION).get(0).floats());
    }

    @Test
    void viewsOfThePreviousSchemaAreItsInputs() {
        ModelInputBatch batch = new ModelInputBatch(4);
        batch.add(user, ItemFeatures.MISSING, 9L, 0L, 42L, NOW);

        List<ModelInputBatch.Input> views = batch.views(ModelSignature.PREVIOUS_SCHEMA_VERSION);

        assertThat(views).extracting(ModelInputBatch.Input::name)
                .containsExactlyElementsOf(ModelSignature.INPUTS_SCHEMA_2);
        assertThat(views.get(1).longs()).containsExactly(42L);
    }

    @Test
    void aRequestOfOneUserCarriesItsContextOnce() {
        ModelInputBatch batch = new ModelInputBatch(500);
        for (long i = 1; i <= 500; i++) {
            batch.add(user, ItemFeatures.MISSING, i, 0L, 42L, NOW);
        }

        List<ModelInputBatch.Input> in = batch.inputs();

        assertThat(in.get(4).shape()).containsExactly(1, R);
        assertThat(in.get(5).shape()).containsExactly(1, R);
        assertThat(in.get(6).shape()).containsExactly(500);
        assertThat(in.get(6).longs()).hasSize(500).containsOnly(0L);
    }

    @Test
    void eachNewUserSnapshotStartsAContextRow() {
        // Equal content, other instance: reuse is by identity, the cheap test the service's one-user batches pass.
        UserFeatures sameContent = new UserFeatures(user.recent(), Map.of(3L, 1), NOW - 10, NOW, NOW);
        ModelInputBatch batch = new ModelInputBatch(4);
        batch.add(user, ItemFeatures.MISSING, 1L, 0L, 42L, NOW);
        batch.add(user, ItemFeatures.MISSING, 2L, 0L, 42L, NOW);
        batch.add(other(), ItemFeatures.MISSING, 3L, 0L, 43L, NOW);
        batch.add(sameContent, ItemFeatures.MISSING, 4L, 0L, 42L, NOW);

        List<ModelInputBatch.Input> in = batch.inputs();

        assertThat(in.get(4).shape()).containsExactly(3, R);
        assertThat(in.get(6).longs()).containsExactly(0L, 0L, 1L, 2L);
        assertThat(in.get(4).longs()[R]).isEqualTo(7L);
        assertThat(batch.recentItemIds(3)).isEqualTo(batch.recentItemIds(0));
    }

    @Test
    void schema2LayoutRepeatsEachRowsContextOnTheRow() {
        ModelInputBatch batch = new ModelInputBatch(3);
        batch.add(user, ItemFeatures.MISSING, 1L, 0L, 42L, NOW);
        batch.add(other(), ItemFeatures.MISSING, 2L, 0L, 43L, NOW);
        batch.add(user, ItemFeatures.MISSING, 3L, 0L, 42L, NOW);
        List<ModelInputBatch.Input> now = batch.inputs();

        List<ModelInputBatch.Input> old = batch.inputs(ModelSignature.PREVIOUS_SCHEMA_VERSION);

        assertThat(old).extracting(ModelInputBatch.Input::name)
                .containsExactlyElementsOf(ModelSignature.INPUTS_SCHEMA_2);
        for (int i = 0; i < 4; i++) {
            assertThat(old.get(i).shape()).isEqualTo(now.get(i).shape());
            assertThat(old.get(i).floats()).isEqualTo(now.get(i).floats());
            assertThat(old.get(i).longs()).isEqualTo(now.get(i).longs());
        }
        for (int input = 4; input <= 5; input++) {
            assertThat(old.get(input).shape()).containsExactly(3, R);
            long[] contexts = now.get(input).longs();
            long[] rows = now.get(6).longs();
            for (int row = 0; row < 3; row++) {
                int c = (int) rows[row];
                assertThat(Arrays.copyOfRange(old.get(input).longs(), row * R, (row + 1) * R)).as("row %d", row)
                        .containsExactly(Arrays.copyOfRange(contexts, c * R, (c + 1) * R));
            }
        }
        assertThat(old.get(4).longs()[R]).isEqualTo(7L);
        assertThat(old.get(5).longs()[2 * R]).isEqualTo(3L);
        assertThat(batch.inputs(ModelSignature.SCHEMA_VERSION)).extracting(ModelInputBatch.Input::name)
                .containsExactlyElementsOf(ModelSignature.INPUTS);
    }

    @Test
    void otherSchemasAreRefused() {
        ModelInputBatch batch = new ModelInputBatch(1);
        batch.add(user, ItemFeatures.MISSING, 1L, 0L, 42L, NOW);

        assertThatThrownBy(() -> batch.inputs(1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("schema 1");
        assertThatThrownBy(() -> batch.inputs(ModelSignature.SCHEMA_VERSION + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aClearedBatchRefilledHoldsExactlyWhatANewBatchWould() {
        // The service reuses batches across requests: nothing of the previous request (rows, context rows, the
        // remembered user) may leak into the next one, even when the next user is the same instance.
        UserFeatures other = new UserFeatures(List.of(new RecentItem(8L, 7L, EventType.CLICK, NOW - 5)), Map.of(),
                NOW - 5, NOW, NOW);
        ModelInputBatch reused = new ModelInputBatch(2);
        for (long i = 1; i <= 5; i++) {
            reused.add(i % 2 == 0 ? user : other, new ItemFeatures(3L, 4, NOW, NOW), i, 3L, 42L, NOW);
        }
        reused.clear();
        ModelInputBatch fresh = new ModelInputBatch(2);
        for (ModelInputBatch b : List.of(reused, fresh)) {
            b.add(user, new ItemFeatures(3L, 4, NOW, NOW), 11L, 3L, 43L, NOW + 1);
            b.add(user, ItemFeatures.MISSING, 12L, 0L, 43L, NOW + 1);
        }

        assertThat(reused.size()).isEqualTo(2);
        assertInputsEqual(reused, fresh);
    }

    @Test
    void anEmptyBatchHasNoRowsAndNoContexts() {
        List<ModelInputBatch.Input> in = new ModelInputBatch(4).inputs();

        assertThat(in.get(0).shape()).containsExactly(0, ModelSignature.FEATURE_COUNT);
        assertThat(in.get(4).shape()).containsExactly(0, R);
        assertThat(in.get(6).shape()).containsExactly(0);
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
        assertThat(in.get(4).longs()).hasSize(R).containsOnly(0L);
        assertThat(in.get(6).longs()).containsExactly(0L);
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

    @Test
    void selectKeepsEachRowsContext() {
        UserFeatures third = new UserFeatures(List.of(new RecentItem(9L, 8L, EventType.BUY, NOW - 5)), Map.of(),
                NOW - 5, NOW, NOW);
        ModelInputBatch batch = new ModelInputBatch(5);
        batch.add(user, ItemFeatures.MISSING, 1L, 0L, 42L, NOW);
        batch.add(user, ItemFeatures.MISSING, 2L, 0L, 42L, NOW);
        batch.add(other(), ItemFeatures.MISSING, 3L, 0L, 43L, NOW);
        batch.add(other(), ItemFeatures.MISSING, 4L, 0L, 43L, NOW);
        batch.add(third, ItemFeatures.MISSING, 5L, 0L, 44L, NOW);

        ModelInputBatch picked = batch.select(new int[] {4, 0, 1, 2, 0}, 0, 5);

        for (int row = 0; row < picked.size(); row++) {
            int src = (int) picked.itemId(row) - 1;
            assertThat(picked.recentItemIds(row)).as("row %d", row).containsExactly(batch.recentItemIds(src));
        }
        List<ModelInputBatch.Input> in = picked.inputs();
        assertThat(in.get(6).longs()).as("consecutive rows of one context share it").containsExactly(0L, 1L, 1L, 2L,
                3L);
        assertThat(in.get(4).shape()).containsExactly(4, R);
        assertThat(in.get(5).longs()[0]).isEqualTo(8L);
    }

    @Test
    void concatenatedRequestsGiveTheInputsOfOneBatchBuiltFromAllTheirRows() {
        // The service scores several requests in one call; each request's rows must see its own context there.
        UserFeatures third = new UserFeatures(List.of(new RecentItem(9L, 8L, EventType.BUY, NOW - 5)), Map.of(),
                NOW - 5, NOW, NOW);
        List<UserFeatures> users = List.of(user, other(), UserFeatures.EMPTY, third);
        ModelInputBatch together = new ModelInputBatch(1);
        List<ModelInputBatch> apart = new ArrayList<>();
        long item = 1;
        for (int u = 0; u < users.size(); u++) {
            ModelInputBatch one = new ModelInputBatch(1);
            for (int i = 0; i <= u * 3; i++, item++) {
                ItemFeatures f = new ItemFeatures(item % 4, (int) item, NOW - item, NOW);
                together.add(users.get(u), f, item, item % 4, 40L + u, NOW);
                one.add(users.get(u), f, item, item % 4, 40L + u, NOW);
            }
            apart.add(one);
            apart.add(new ModelInputBatch(0));
        }

        ModelInputBatch joined = ModelInputBatch.concat(apart);

        assertThat(joined.size()).isEqualTo(together.size()).isEqualTo(1 + 4 + 7 + 10);
        assertInputsEqual(joined, together);
        assertThat(ModelInputBatch.concat(List.of(new ModelInputBatch(0))).inputs().get(4).shape())
                .containsExactly(0, R);
    }

    @Test
    void concatenatingIntoAKeptBatchGivesTheInputsOfANewOneAndLeavesNothingOfTheLastCall() {
        // The service keeps one joined batch per predictor: a smaller call after a larger one must not see its rows.
        ModelInputBatch kept = new ModelInputBatch(1);
        List<ModelInputBatch> larger = List.of(batchOf(user, 1, 6), batchOf(other(), 7, 5), batchOf(user, 12, 3));
        List<ModelInputBatch> smaller = List.of(batchOf(other(), 20, 2), batchOf(UserFeatures.EMPTY, 22, 1));

        assertThat(ModelInputBatch.concat(larger, kept)).isSameAs(kept);
        assertInputsEqual(kept, ModelInputBatch.concat(larger));
        assertThat(ModelInputBatch.concat(smaller, kept)).isSameAs(kept);
        assertInputsEqual(kept, ModelInputBatch.concat(smaller));
        assertThat(kept.size()).isEqualTo(3);
        assertThat(ModelInputBatch.concat(List.of(larger.get(0)), kept)).as("one batch: as it is")
                .isSameAs(larger.get(0));
    }

    private static ModelInputBatch batchOf(UserFeatures u, long firstItem, int rows) {
        ModelInputBatch b = new ModelInputBatch(1);
        for (long item = firstItem; item < firstItem + rows; item++) {
            b.add(u, new ItemFeatures(item % 4, (int) item, NOW - item, NOW), item, item % 4, 40L, NOW);
        }
        return b;
    }

    private static void assertInputsEqual(ModelInputBatch actualBatch, ModelInputBatch expectedBatch) {
        for (int schema : ModelSignature.SERVABLE_SCHEMA_VERSIONS) {
            List<ModelInputBatch.Input> expected = expectedBatch.inputs(schema);
            List<ModelInputBatch.Input> actual = actualBatch.inputs(schema);
            assertThat(actual).hasSameSizeAs(expected);
            for (int i = 0; i < expected.size(); i++) {
                assertThat(actual.get(i).name()).isEqualTo(expected.get(i).name());
                assertThat(actual.get(i).shape()).as("schema %d %s", schema, expected.get(i).name())
                        .containsExactly(expected.get(i).shape());
                assertThat(actual.get(i).floats()).isEqualTo(expected.get(i).floats());
                assertThat(actual.get(i).longs()).as("schema %d %s", schema, expected.get(i).name())
                        .isEqualTo(expected.get(i).longs());
            }
        }
    }

    private static UserFeatures other() {
        return new UserFeatures(List.of(new RecentItem(7L, 2L, EventType.CLICK, NOW - 30)), Map.of(2L, 1), NOW - 30,
                NOW, NOW);
    }
}
