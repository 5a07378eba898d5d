package io.streamrank.ranking;

import io.streamrank.contract.event.EventType;
import io.streamrank.contract.features.ItemFeatures;
import io.streamrank.contract.features.RecentItem;
import io.streamrank.contract.features.UserFeatures;
import io.streamrank.contract.model.ModelInputBatch;
import java.util.List;
import java.util.Map;

/** Model rows for scoring tests, over the items of {@link TestModels}' generated clickstream. */
public final class TestRows {

    private TestRows() {
    }

    /** {@code n} rows of one user (a click in category 12) over items of all ten categories, ids repeating by 30. */
    public static ModelInputBatch batch(int n) {
        long now = 1_511_661_600_000L + 3_600_000L;
        UserFeatures user = new UserFeatures(List.of(new RecentItem(12_001L, 12L, EventType.CLICK, now - 60_000)),
                Map.of(12L, 1), now - 60_000, now, now);
        ModelInputBatch b = new ModelInputBatch(n);
        for (int i = 0; i < n; i++) {
            long cat = 11 + i % 10;
            b.add(user, new ItemFeatures(cat, i % 5, now, now), cat * 1000 + i % 30, cat, 3L, now);
        }
        return b;
    }
}
