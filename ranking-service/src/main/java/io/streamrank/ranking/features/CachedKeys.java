package io.streamrank.ranking.features;

/**
 * A cache of values read from Redis whose keys Redis announces changes of ({@link RedisConnection#track}, ADR 56).
 * Called on Lettuce's event loop: implementations are cheap and never block.
 */
public interface CachedKeys {

    /** The key (prefix included) changed, expired or was evicted. */
    void expire(String key, long nowNanos);

    /** Anything may have changed: the database was flushed, or the connection lost. */
    void expireAll(long nowNanos);
}
