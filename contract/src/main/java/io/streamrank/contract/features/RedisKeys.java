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

    /** Pattern matching every key under this prefix (for cleanup in tests and tools, never on a hot path). */
    public String pattern() {
        return prefix + "*";
    }
}
