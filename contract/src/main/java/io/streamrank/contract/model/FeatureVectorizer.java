package io.streamrank.contract.model;

import io.streamrank.contract.event.EventType;
import io.streamrank.contract.features.ItemFeatures;
import io.streamrank.contract.features.RecentItem;
import io.streamrank.contract.features.UserFeatures;
import java.util.List;

/**
 * Turns raw features into one dense model input row ({@link ModelSignature#FEATURES}). The trainer and the ranking
 * service both call this (through {@link ModelInputBatch}), so training and serving rows are computed by one piece of
 * code. Every value is bounded (flags, shares, decays, log counts), so no per-model normalisation is needed.
 */
public final class FeatureVectorizer {

    /** User activity recency decays with this time constant. */
    private static final double ACTIVITY_DECAY_MS = 30 * 60_000d;
    private static final double HOUR_MS = 3_600_000d;
    private static final double DAY_MS = 24 * HOUR_MS;

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
        List<RecentItem> recent = user.recent();
        int recentSize = recent.size();
        int inCategory = 0;
        int itemCount = 0;
        int itemPosition = -1;
        int categoryPosition = -1;
        boolean intent = false;
        for (int p = 0; p < recentSize; p++) {
            RecentItem r = recent.get(p);
            if (categoryId != 0 && r.categoryId() == categoryId) {
                inCategory++;
                if (categoryPosition < 0) {
                    categoryPosition = p;
                }
            }
            if (r.itemId() == itemId) {
                itemCount++;
                if (itemPosition < 0) {
                    itemPosition = p;
                }
                intent |= isIntent(r);
            }
        }
        write(out, offset, categoryId == 0 ? 0 : user.categoryCount5m(categoryId), inCategory, recentSize,
                itemPosition, itemCount, intent, categoryPosition, item.clicks1h(), !item.isMissing(),
                activity(user, now),
                itemPosition < 0 ? 0f : decay(now, recent.get(itemPosition).timestamp(), HOUR_MS),
                itemPosition < 0 ? 0f : decay(now, recent.get(itemPosition).timestamp(), DAY_MS),
                categoryPosition < 0 ? 0f : decay(now, recent.get(categoryPosition).timestamp(), DAY_MS));
    }

    /**
     * The row from what the user's recent items say about the candidate; {@link #row} finds those by scanning the
     * recent items, {@link UserRowContext} by lookups in indexes built once per user and request.
     */
    static void write(float[] out, int offset, int categoryCount5m, int inCategory, int recentSize, int itemPosition,
                      int itemCount, boolean intent, int categoryPosition, int itemClicks1h, boolean itemPresent,
                      double activity, float itemDecayHour, float itemDecayDay, float categoryDecayDay) {
        out[offset] = (float) logCount(categoryCount5m);
        out[offset + 1] = recentSize == 0 ? 0f : (float) inCategory / recentSize;
        out[offset + 2] = itemPosition >= 0 ? 1f : 0f;
        out[offset + 3] = (float) logCount(itemClicks1h);
        out[offset + 4] = (float) logCount(recentSize);
        out[offset + 5] = categoryPosition == 0 ? 1f : 0f;
        out[offset + 6] = (float) activity;
        out[offset + 7] = itemPresent ? 1f : 0f;
        out[offset + 8] = (float) logCount(itemCount);
        out[offset + 9] = itemPosition < 0 ? 0f : 1f / (1 + itemPosition);
        out[offset + 10] = itemDecayHour;
        out[offset + 11] = itemDecayDay;
        out[offset + 12] = intent ? 1f : 0f;
        out[offset + 13] = categoryPosition < 0 ? 0f : 1f / (1 + categoryPosition);
        out[offset + 14] = categoryDecayDay;
    }

    /** A cart or a fav: the user meant to come back to the item. */
    static boolean isIntent(RecentItem r) {
        return r.type() == EventType.CART || r.type() == EventType.FAV;
    }

    /** How recently the user was active: 1 just now, decaying with {@link #ACTIVITY_DECAY_MS}; 0 never. */
    static double activity(UserFeatures user, long now) {
        return user.lastEventAt() <= 0 ? 0d : Math.exp(-Math.max(0L, now - user.lastEventAt()) / ACTIVITY_DECAY_MS);
    }

    static float decayHour(long now, long at) {
        return decay(now, at, HOUR_MS);
    }

    static float decayDay(long now, long at) {
        return decay(now, at, DAY_MS);
    }

    public static float[] row(UserFeatures user, ItemFeatures item, long itemId, long categoryId, long now) {
        float[] out = new float[ModelSignature.FEATURE_COUNT];
        row(user, item, itemId, categoryId, now, out, 0);
        return out;
    }

    /**
     * ln(1 + n) of a count. {@code 1 + n} is exact in a double for any count, so {@code Math.log} (a JIT intrinsic)
     * gives what {@code Math.log1p} gives without its {@code StrictMath} code path, which cost ~1.4 % of the service's
     * CPU at four calls per candidate.
     */
    static double logCount(long n) {
        return n >= 0 && n < LOG_COUNTS.length ? LOG_COUNTS[(int) n] : Math.log(1.0 + n);
    }

    /** ln(1 + n) of the small counts most rows carry, four per row: a table read instead of a logarithm. */
    private static final double[] LOG_COUNTS = new double[1024];

    static {
        for (int n = 0; n < LOG_COUNTS.length; n++) {
            LOG_COUNTS[n] = Math.log(1.0 + n);
        }
    }

    /** exp(−age / scale), where an event from the future (clock skew) counts as age 0. */
    private static float decay(long now, long at, double scale) {
        return (float) Math.exp(-Math.max(0L, now - at) / scale);
    }
}
