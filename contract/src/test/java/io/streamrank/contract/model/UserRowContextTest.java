package io.streamrank.contract.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.contract.event.EventType;
import io.streamrank.contract.features.ItemFeatures;
import io.streamrank.contract.features.RecentItem;
import io.streamrank.contract.features.UserFeatures;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class UserRowContextTest {

    private static final long NOW = 1_763_700_000_000L;

    @Test
    void rowsFromTheContextEqualTheScanningRowsFloatForFloat() {
        Random random = new Random(11);
        EventType[] types = EventType.values();
        for (int user = 0; user < 300; user++) {
            // Few distinct items and categories, so repeats, shared categories and category 0 are common.
            List<RecentItem> recent = new ArrayList<>();
            int n = user % 7 == 0 ? 0 : 1 + random.nextInt(50);
            for (int p = 0; p < n; p++) {
                long at = NOW - random.nextInt(3 * 86_400) * 1000L + (random.nextInt(20) == 0 ? 60_000 : 0);
                recent.add(new RecentItem(random.nextInt(30), random.nextInt(8), types[random.nextInt(types.length)],
                        at));
            }
            Map<Long, Integer> counts = new HashMap<>();
            for (int c = 0; c < random.nextInt(5); c++) {
                counts.put((long) random.nextInt(10), 1 + random.nextInt(20));
            }
            long lastEventAt = random.nextInt(10) == 0 ? 0 : NOW - random.nextInt(7_200_000);
            UserFeatures features = new UserFeatures(recent, counts, lastEventAt, NOW, NOW);
            long now = NOW + random.nextInt(600_000);
            UserRowContext context = new UserRowContext(features, now);
            assertThat(context.isFor(features, now)).isTrue();
            assertThat(context.isFor(features, now + 1)).isFalse();
            for (int candidate = 0; candidate < 60; candidate++) {
                long itemId = random.nextInt(40);
                long categoryId = random.nextInt(10);
                ItemFeatures item = random.nextInt(4) == 0 ? ItemFeatures.MISSING
                        : new ItemFeatures(categoryId, random.nextInt(500), now, now);
                float[] scanned = new float[ModelSignature.FEATURE_COUNT];
                float[] indexed = new float[ModelSignature.FEATURE_COUNT];
                FeatureVectorizer.row(features, item, itemId, categoryId, now, scanned, 0);
                context.row(item.clicks1h(), !item.isMissing(), itemId, categoryId, indexed, 0);
                assertThat(indexed).as("user %d, item %d, category %d", user, itemId, categoryId)
                        .containsExactly(scanned);
            }
        }
    }
}
