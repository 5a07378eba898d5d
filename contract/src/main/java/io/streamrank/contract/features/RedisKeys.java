package io.streamrank.contract.features;

import java.util.Objects;

/**
 * Redis key names. Every key starts with a configurable prefix so that several environments (and tests) can share
 * one Redis without seeing each other's data.
 *
 * <ul>
 *   <li>{@code <prefix>u:<userId>}: string, {@link FeatureCodec#encodeUser user features}</li>
 *   <li>{@code <prefix>i:<itemId>}: string, {@link FeatureCodec#encodeItem item features}</li>
 *   <li>{@code <prefix>pop:all}: sorted set, itemId scored by clicks in the last hour</li>
 *   <li>{@code <prefix>pop:c:<categoryId>}: sorted set, the same per category</li>
 *   <li>{@code <prefix>ua:<userId>}: string, {@link FeatureCodec#encodeUserActivity user activity}</li>
 *   <li>{@code <prefix>is:<itemId>}: string, {@link FeatureCodec#encodeItemStats item stats}</li>
 *   <li>{@code <prefix>cv:<itemId>}: sorted set, co-visited itemId scored by co-visits in the last 24 h</li>
 * </ul>
 */
public record RedisKeys(String prefix) {

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

    public String popularAll() {
        return prefix + "pop:all";
    }

    public String popularCategory(long categoryId) {
        return prefix + "pop:c:" + categoryId;
    }

    /** Per-behaviour and per-category counts of a user ({@link UserActivity}). */
    public String userActivity(long userId) {
        return prefix + "ua:" + userId;
    }

    /** Per-behaviour counts, CTR/CVR and trending score of an item ({@link ItemStats}). */
    public String itemStats(long itemId) {
        return prefix + "is:" + itemId;
    }

    /** Items co-visited with {@code itemId}, scored by co-visit count (feeds retrieval). */
    public String coVisit(long itemId) {
        return prefix + "cv:" + itemId;
    }

    /** Pattern matching every key under this prefix (for cleanup in tests and tools, never on a hot path). */
    public String pattern() {
        return prefix + "*";
    }
}
