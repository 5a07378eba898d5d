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

        float[] other = FeatureVectorizer.row(user, item, 99L, 8L, 1_000L);
        assertThat(other[0]).isZero();
        assertThat(other[2]).isZero();
        assertThat(other[5]).isZero();
    }
}
