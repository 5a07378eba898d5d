package io.streamrank.contract.features;

import java.time.Duration;

/**
 * Names and windows of the real-time features. The feature pipeline writes them, the trainer replays them and the
 * ranking service reads them; see {@code docs/contract.md} for the table.
 */
public final class FeatureNames {

    /** Per user: the last {@link #RECENT_ITEMS_MAX} interactions (item, category, type, time), newest first. */
    public static final String USER_RECENT_ITEMS = "user.recent_items";
    /** Per user x category: interactions in the last {@link #USER_CATEGORY_WINDOW}. */
    public static final String USER_CATEGORY_COUNT_5M = "user.category_count_5m";
    /** Per user: time of the newest event seen. */
    public static final String USER_LAST_EVENT_AT = "user.last_event_at";
    /** Per item: clicks in the last {@link #ITEM_CLICK_WINDOW}. */
    public static final String ITEM_CLICKS_1H = "item.clicks_1h";

    public static final int RECENT_ITEMS_MAX = 50;
    public static final Duration USER_CATEGORY_WINDOW = Duration.ofMinutes(5);
    public static final Duration ITEM_CLICK_WINDOW = Duration.ofHours(1);
    /** Item click counts are kept in buckets of this width; the 1-hour window slides bucket by bucket. */
    public static final Duration ITEM_BUCKET = Duration.ofMinutes(1);

    /** Redis TTL of user feature keys: a user idle this long has no live features. */
    public static final Duration USER_KEY_TTL = Duration.ofHours(24);
    /** Redis TTL of item feature keys and popularity sets. */
    public static final Duration ITEM_KEY_TTL = Duration.ofHours(2);

    // Added with issue #3; each group is written under its own key (see RedisKeys) so readers of the values above
    // are unaffected. docs/features.md has the full table.

    /** Per user: events per behaviour over 5 min / 1 h / 24 h, interactions per category over 1 h. */
    public static final String USER_ACTIVITY = "user.activity";
    /** Per item: events per behaviour over 1 h / 24 h, smoothed CTR and CVR, trending score. */
    public static final String ITEM_STATS = "item.stats";
    /** Per item: items interacted with close to it in the same user's session, scored by co-visit count. */
    public static final String ITEM_COVISIT = "item.covisit";

    public static final Duration USER_ACTIVITY_5M_WINDOW = Duration.ofMinutes(5);
    public static final Duration USER_ACTIVITY_5M_BUCKET = Duration.ofSeconds(10);
    public static final Duration USER_ACTIVITY_1H_WINDOW = Duration.ofHours(1);
    public static final Duration USER_ACTIVITY_1H_BUCKET = Duration.ofMinutes(1);
    public static final Duration USER_ACTIVITY_24H_WINDOW = Duration.ofHours(24);
    public static final Duration USER_ACTIVITY_24H_BUCKET = Duration.ofHours(1);
    /** Redis TTL of user activity keys: nothing is left in any window after a day of silence. */
    public static final Duration USER_ACTIVITY_KEY_TTL = Duration.ofHours(25);

    public static final Duration ITEM_STATS_1H_WINDOW = Duration.ofHours(1);
    public static final Duration ITEM_STATS_1H_BUCKET = Duration.ofMinutes(1);
    public static final Duration ITEM_STATS_24H_WINDOW = Duration.ofHours(24);
    public static final Duration ITEM_STATS_24H_BUCKET = Duration.ofHours(1);
    /** Redis TTL of item stats keys. */
    public static final Duration ITEM_STATS_KEY_TTL = Duration.ofHours(25);

    /** Two interactions of one user at most this far apart co-visit. */
    public static final Duration COVISIT_GAP = Duration.ofMinutes(30);
    /** The user's last interactions a new one is paired with. */
    public static final int COVISIT_SESSION_ITEMS = 10;
    public static final Duration COVISIT_WINDOW = Duration.ofHours(24);
    public static final Duration COVISIT_BUCKET = Duration.ofHours(1);
    /** Neighbours published per item in {@code cv:<item>} (the strongest). */
    public static final int COVISIT_MAX_NEIGHBOURS = 50;
    /** Redis TTL of co-visitation sets. */
    public static final Duration COVISIT_KEY_TTL = Duration.ofHours(25);

    private FeatureNames() {
    }
}
