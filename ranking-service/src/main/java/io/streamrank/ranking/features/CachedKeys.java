package io.streamrank.ranking.features;

import io.streamrank.contract.features.RedisKeys;
import java.util.function.LongConsumer;

/**
 * A cache of values read from Redis whose keys Redis announces changes of ({@link RedisConnection#track}, ADR 56).
 * Called on Lettuce's event loop: implementations are cheap and never block.
 */
public interface CachedKeys {

    /** The key (prefix included) changed, expired or was evicted. */
    void expire(String key, long nowNanos);

    /** Anything may have changed: the database was flushed, or the connection lost. */
    void expireAll(long nowNanos);

    /** Expires one item's cached value. */
    @FunctionalInterface
    interface ItemExpiry {
        void expire(long itemId, long nowNanos);
    }

    /** A cache of per-item values under the keys {@code prefix + itemId} (other keys under the prefix are ignored). */
    static CachedKeys perItem(String prefix, ItemExpiry expire, LongConsumer expireAll) {
        return new CachedKeys() {
            @Override
            public void expire(String key, long nowNanos) {
                long id = RedisKeys.idAfter(key, prefix);
                if (id >= 0) {
                    expire.expire(id, nowNanos);
                }
            }

            @Override
            public void expireAll(long nowNanos) {
                expireAll.accept(nowNanos);
            }
        };
    }
}
