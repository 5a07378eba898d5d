package io.streamrank.contract.features;

import java.io.Serializable;
import java.util.Objects;

/**
 * Redis key names. Every key starts with a configurable prefix so that several environments (and tests) can share
 * one Redis without seeing each other's data. Serializable so that Flink functions can hold one.
 *
 * <ul>
 *   <li>{@code <prefix>u:<userId>}: string, {@link FeatureCodec#encodeUser user features}</li>
 *   <li>{@code <prefix>i:<itemId>}: string, {@link FeatureCodec#encodeItem item features}</li>
 *   <li>{@code <prefix>pop:all}: sorted set, itemId scored by clicks in the last hour</li>
 *   <li>{@code <prefix>pop:c:<categoryId>}: sorted set, the same per category</li>
 *   <li>{@code <prefix>cv:<itemId>}: sorted set, co-visited neighbour itemIds scored by co-visits in the last 24 h (pipeline)</li>
 *   <li>{@code <prefix>cat:i:<itemId>}: string, {@link io.streamrank.contract.catalog.CatalogCodec catalog item}</li>
 *   <li>{@code <prefix>cat:new} and {@code <prefix>cat:new:c:<categoryId>}: sorted sets, recently listed itemIds
 *       scored by created-at (epoch ms), all and per category</li>
 *   <li>{@code <prefix>shown:<userId>}: sorted set, itemIds the ranking service recently returned to the user,
 *       scored by time (epoch ms)</li>
 *   <li>{@code <prefix>ua:<userId>}: string, {@link FeatureCodec#encodeUserActivity user activity}</li>
 *   <li>{@code <prefix>is:<itemId>}: string, {@link FeatureCodec#encodeItemStats item stats}</li>
 * </ul>
 */
public record RedisKeys(String prefix) implements Serializable {

    public static final String DEFAULT_PREFIX = "sr:";

    public RedisKeys {
        Objects.requireNonNull(prefix, "prefix");
    }

    public String user(long userId) {
        return prefix + "u:" + userId;
    }

    public String item(long itemId) {
        return prefix + "i:" + itemId;
    }

    /** {@link #item} with {@code *} for the item id: a {@code SORT … GET} pattern that joins list members' values. */
    public String itemPattern() {
        return prefix + "i:*";
    }

    public String popularAll() {
        return prefix + "pop:all";
    }

    public String popularCategory(long categoryId) {
        return prefix + "pop:c:" + categoryId;
    }

    /** Co-visitation neighbours of an item (written by the feature pipeline). */
    public String coVisitation(long itemId) {
        return prefix + "cv:" + itemId;
    }

    /** Catalog attributes of an item (written by the ranking service's catalog API). */
    public String catalogItem(long itemId) {
        return prefix + "cat:i:" + itemId;
    }

    /** {@link #catalogItem} with {@code *} for the item id: a {@code SORT … GET} pattern. */
    public String catalogItemPattern() {
        return prefix + "cat:i:*";
    }

    /** Recently listed items, scored by created-at. */
    public String newItems() {
        return prefix + "cat:new";
    }

    /** Recently listed items of one category, scored by created-at. */
    public String newItemsInCategory(long categoryId) {
        return prefix + "cat:new:c:" + categoryId;
    }

    /** Items recently returned to a user, scored by the time they were returned. */
    public String shown(long userId) {
        return prefix + "shown:" + userId;
    }

    /** Per-behaviour and per-category counts of a user ({@link UserActivity}). */
    public String userActivity(long userId) {
        return prefix + "ua:" + userId;
    }

    /** Per-behaviour counts, CTR/CVR and trending score of an item ({@link ItemStats}). */
    public String itemStats(long itemId) {
        return prefix + "is:" + itemId;
    }

    /** What every {@link #item} key starts with. */
    public String itemKeyPrefix() {
        return prefix + "i:";
    }

    /** What every {@link #catalogItem} key starts with. */
    public String catalogItemKeyPrefix() {
        return prefix + "cat:i:";
    }

    /** What every {@link #coVisitation} key starts with. */
    public String coVisitationKeyPrefix() {
        return prefix + "cv:";
    }

    /** What the {@link #popularAll} and {@link #popularCategory} keys start with. */
    public String popularKeyPrefix() {
        return prefix + "pop:";
    }

    /** What every {@link #popularCategory} key starts with. */
    public String popularCategoryKeyPrefix() {
        return prefix + "pop:c:";
    }

    /** What the {@link #newItems} and {@link #newItemsInCategory} keys start with. */
    public String newItemsKeyPrefix() {
        return prefix + "cat:new";
    }

    /**
     * The id at the end of a key that starts with {@code keyPrefix} (one of the prefixes above followed by an id), or
     * -1 when the rest is not a number.
     */
    public static long idAfter(String key, String keyPrefix) {
        int n = key.length();
        int start = keyPrefix.length();
        if (n <= start || n - start > 19) {
            return -1;
        }
        long id = 0;
        for (int i = start; i < n; i++) {
            char c = key.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            id = id * 10 + (c - '0');
        }
        return id;
    }

    /** Pattern matching every key under this prefix (for cleanup in tests and tools, never on a hot path). */
    public String pattern() {
        return prefix + "*";
    }
}
