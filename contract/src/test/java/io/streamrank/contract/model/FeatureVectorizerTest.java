package io.streamrank.contract.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.contract.event.EventType;
import io.streamrank.contract.features.ItemFeatures;
import io.streamrank.contract.features.RecentItem;
import io.streamrank.contract.features.UserFeatures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeatureVectorizerTest {

    @Test
    void rowHasOneColumnPerSignatureFeature() {
        float[] row = FeatureVectorizer.row(UserFeatures.EMPTY, ItemFeatures.MISSING, 1L, 0L, 0L);
        assertThat(row).hasSize(ModelSignature.FEATURE_COUNT).containsOnly(0f);
    }

    @Test
    void categoryAffinityAndItemPopularityShowInTheRow() {
        UserFeatures user = new UserFeatures(
                List.of(new RecentItem(5L, 3L, EventType.CLICK, 1_000L), new RecentItem(6L, 4L, EventType.CLICK, 900L)),
                Map.of(3L, 2), 1_000L, 1_000L, 1_000L);
        ItemFeatures item = new ItemFeatures(3L, 10, 1_000L, 1_000L);
        float[] row = FeatureVectorizer.row(user, item, 5L, 3L, 1_000L);
        assertThat(row[0]).isEqualTo((float) Math.log1p(2));
        assertThat(row[1]).isEqualTo(0.5f);
        assertThat(row[2]).isEqualTo(1f);
        assertThat(row[3]).isEqualTo((float) Math.log1p(10));
        assertThat(row[5]).isEqualTo(1f);
        assertThat(row[6]).isEqualTo(1f);
        assertThat(row[7]).isEqualTo(1f);

        assertThat(row[8]).as("count of the item in recent").isEqualTo((float) Math.log1p(1));
        assertThat(row[9]).as("item position").isEqualTo(1f);
        assertThat(row[10]).as("item recency 1h").isEqualTo(1f);
        assertThat(row[13]).as("category position").isEqualTo(1f);

        float[] other = FeatureVectorizer.row(user, item, 99L, 8L, 1_000L);
        assertThat(other[0]).isZero();
        assertThat(other[2]).isZero();
        assertThat(other[5]).isZero();
        assertThat(other[9]).isZero();
        assertThat(other[13]).isZero();
    }

    @Test
    void olderInteractionsWithTheItemScoreLowerPositionAndRecency() {
        long now = 10 * 3_600_000L;
        UserFeatures user = new UserFeatures(List.of(
                new RecentItem(1L, 3L, EventType.CLICK, now - 60_000),
                new RecentItem(2L, 4L, EventType.CART, now - 2 * 3_600_000L)), Map.of(), now - 60_000, now, now);

        float[] newest = FeatureVectorizer.row(user, ItemFeatures.MISSING, 1L, 3L, now);
        float[] older = FeatureVectorizer.row(user, ItemFeatures.MISSING, 2L, 4L, now);

        assertThat(older[9]).isLessThan(newest[9]);
        assertThat(older[10]).isLessThan(newest[10]);
        assertThat(older[11]).isLessThan(newest[11]);
        assertThat(older[12]).as("carted: intent").isEqualTo(1f);
        assertThat(newest[12]).isZero();
    }

    @Test
    void countsAreLoggedExactlyAsLog1pWouldInTheModelsFloatPrecision() {
        // The serving and training rows use Math.log(1 + n); models trained with Math.log1p must see the same floats.
        for (long n = 0; n <= 1_000_000; n++) {
            if ((float) FeatureVectorizer.logCount(n) != (float) Math.log1p(n)) {
                assertThat((float) FeatureVectorizer.logCount(n)).as("ln(1 + %d)", n).isEqualTo((float) Math.log1p(n));
            }
        }
        assertThat(FeatureVectorizer.logCount(0)).isZero();
        assertThat((float) FeatureVectorizer.logCount(Integer.MAX_VALUE)).isEqualTo((float) Math.log1p(Integer.MAX_VALUE));
    }
}
