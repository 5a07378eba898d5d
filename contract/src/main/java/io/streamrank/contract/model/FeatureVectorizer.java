package io.streamrank.contract.model;

import io.streamrank.contract.features.ItemFeatures;
import io.streamrank.contract.features.RecentItem;
import io.streamrank.contract.features.UserFeatures;

/**
 * Turns raw features into one model input row ({@link ModelSignature#FEATURES}). The trainer and the ranking service
 * both call this, so training and serving rows are computed by the same code.
 */
public final class FeatureVectorizer {

    /** User activity recency decays with this time constant. */
    private static final double ACTIVITY_DECAY_MS = 30 * 60_000d;

    private FeatureVectorizer() {
    }

    /**
     * Writes the row for one (user, candidate) pair into {@code out[offset .. offset + FEATURE_COUNT)}.
     *
     * @param user       the user's features (may be {@link UserFeatures#EMPTY})
     * @param item       the candidate's features (may be {@link ItemFeatures#MISSING})
     * @param itemId     the candidate
     * @param categoryId the candidate's category (0 if unknown)
     * @param now        the time the request is made, epoch ms (event time when training)
     */
    public static void row(UserFeatures user, ItemFeatures item, long itemId, long categoryId, long now,
                           float[] out, int offset) {
        int recentInCategory = 0;
        boolean itemInRecent = false;
        for (RecentItem r : user.recent()) {
            if (categoryId != 0 && r.categoryId() == categoryId) {
                recentInCategory++;
            }
            if (r.itemId() == itemId) {
                itemInRecent = true;
            }
        }
        int recentSize = user.recent().size();
        boolean lastCategory = recentSize > 0 && categoryId != 0 && user.recent().get(0).categoryId() == categoryId;
        double activity = user.lastEventAt() <= 0 ? 0d
                : Math.exp(-Math.max(0L, now - user.lastEventAt()) / ACTIVITY_DECAY_MS);

        out[offset] = (float) Math.log1p(categoryId == 0 ? 0 : user.categoryCount5m(categoryId));
        out[offset + 1] = recentSize == 0 ? 0f : (float) recentInCategory / recentSize;
        out[offset + 2] = itemInRecent ? 1f : 0f;
        out[offset + 3] = (float) Math.log1p(item.clicks1h());
        out[offset + 4] = (float) Math.log1p(recentSize);
        out[offset + 5] = lastCategory ? 1f : 0f;
        out[offset + 6] = (float) activity;
        out[offset + 7] = item.isMissing() ? 0f : 1f;
    }

    public static float[] row(UserFeatures user, ItemFeatures item, long itemId, long categoryId, long now) {
        float[] out = new float[ModelSignature.FEATURE_COUNT];
        row(user, item, itemId, categoryId, now, out, 0);
        return out;
    }
}
