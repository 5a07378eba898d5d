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

    private FeatureNames() {
    }
}
