package io.streamrank.ranking.features;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.StatefulRedisConnectionImpl;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.push.PushMessage;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.ProtocolVersion;
import io.streamrank.contract.features.RedisKeys;
import io.streamrank.ranking.cache.Tracking;
import java.net.SocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server-assisted client-side caching on the feature store's connection (ADR 56): {@code CLIENT TRACKING ON BCAST
 * NOLOOP} with the prefixes of the keys the service caches, so that Redis pushes an {@code invalidate} message on the
 * same connection whenever one of them changes, expires or is evicted. Each message is handed to the handler of the
 * key's prefix on Lettuce's event loop, in order with the replies: a value whose reply came first is already cached,
 * one whose reply comes later was read after the change. While the connection is down, or Redis refused tracking,
 * {@link Tracking} is distrusted and every cache falls back to its short TTL; a reconnect expires everything cached
 * (changes may have been missed) and switches tracking on again.
 */
final class KeyTracking implements RedisConnectionStateListener {

    private static final Logger log = LoggerFactory.getLogger(KeyTracking.class);
    /** Pause before switching tracking on after a reconnect, and between attempts that failed without an answer. */
    private static final long RETRY_MS = 50;
    private static final int ATTEMPTS = 20;

    private final Tracking tracking;
    private final List<String> prefixes;
    /** Handlers by prefix; the prefixes never overlap, so a key has at most one. */
    private final Map<String, CachedKeys> handlers = new ConcurrentHashMap<>();
    private final AtomicLong invalidations = new AtomicLong();
    private volatile boolean refused;
    /**
     * Counts disconnects: an attempt to switch tracking on belongs to one connection spell and stops once it is over,
     * so that two attempts never reach one spell (Redis would refuse the second's prefixes as overlapping).
     */
    private final AtomicLong spell = new AtomicLong();

    /**
     * @param prefixes the key prefixes to track (none a prefix of another: Redis refuses overlapping ones)
     */
    KeyTracking(Tracking tracking, List<String> prefixes) {
        this.tracking = tracking;
        this.prefixes = List.copyOf(prefixes);
    }

    /**
     * The prefixes of the keys whose values the service caches: item values, catalog entries and retrieval lists
     * (co-visitation, popular and trending, new items). User values are never cached.
     */
    static List<String> prefixes(RedisKeys keys) {
        return List.of(keys.itemKeyPrefix(), keys.catalogItemKeyPrefix(), keys.coVisitationKeyPrefix(),
                keys.popularKeyPrefix(), keys.newItemsKeyPrefix());
    }

    Tracking tracking() {
        return tracking;
    }

    /** Keys invalidated so far (a flush counts one). */
    long invalidations() {
        return invalidations.get();
    }

    /** Hands the invalidations of keys starting with {@code prefix} (one of the tracked ones) to {@code handler}. */
    void register(String prefix, CachedKeys handler) {
        if (!prefixes.contains(prefix)) {
            throw new IllegalArgumentException("not a tracked prefix: " + prefix);
        }
        if (handlers.putIfAbsent(prefix, handler) != null) {
            throw new IllegalStateException("a cache already tracks " + prefix);
        }
    }

    /** A new connection: listens for its pushes and reconnects, and switches tracking on. */
    void attach(StatefulRedisConnection<String, String> connection) {
        connection.addListener(this::pushed);
        connection.addListener(this);
        enable(connection);
    }

    @Override
    public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
        spell.incrementAndGet();
        tracking.distrust();
        expireAll();
    }

    @Override
    @SuppressWarnings("unchecked")
    public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
        // Lettuce calls this while it re-activates the connection, which may not take commands yet: a moment later.
        long current = spell.get();
        later(() -> enable((StatefulRedisConnection<String, String>) connection, current, 0));
    }

    private static void later(Runnable task) {
        CompletableFuture.delayedExecutor(RETRY_MS, TimeUnit.MILLISECONDS).execute(task);
    }

    private void enable(StatefulRedisConnection<String, String> connection) {
        enable(connection, spell.get(), 0);
    }

    private void enable(StatefulRedisConnection<String, String> connection, long inSpell, int attempt) {
        if (refused || !connection.isOpen() || spell.get() != inSpell) {
            return;
        }
        ProtocolVersion protocol = connection instanceof StatefulRedisConnectionImpl<?, ?> impl
                ? impl.getConnectionState().getNegotiatedProtocolVersion() : ProtocolVersion.RESP3;
        if (protocol == null && attempt + 1 < ATTEMPTS) {
            later(() -> enable(connection, inSpell, attempt + 1)); // the handshake is not through yet
            return;
        }
        if (protocol != ProtocolVersion.RESP3) {
            // Over RESP2 Redis drops the invalidations of a client that is not subscribed (no REDIRECT here).
            refuse("the connection speaks " + protocol + ", not RESP3");
            return;
        }
        TrackingArgs args = TrackingArgs.Builder.enabled().bcast().noloop().prefixes(prefixes.toArray(String[]::new));
        connection.async().clientTracking(args).whenComplete((ok, failure) -> {
            if (failure == null && spell.get() == inSpell) {
                // On the event loop, in order with the replies: replies read from now on are covered.
                tracking.trust(System.nanoTime());
                log.info("Redis announces changes of the cached keys ({}): cached values kept until changed",
                        prefixes);
            } else if (failure == null) {
                return; // the connection dropped meanwhile: the reconnect switches tracking on again
            } else if (failure instanceof RedisCommandExecutionException) {
                refuse(failure.getMessage());
            } else if (attempt + 1 < ATTEMPTS) {
                later(() -> enable(connection, inSpell, attempt + 1));
            } else {
                log.warn("could not switch Redis key tracking on ({}); caches keep their short TTLs until the next"
                        + " reconnect", failure.toString());
            }
        });
    }

    private void refuse(String why) {
        refused = true;
        tracking.distrust();
        log.warn("Redis key tracking unavailable ({}): cached values keep their short TTLs (ADR 56)", why);
    }

    /** A push on the connection (Lettuce's event loop). */
    private void pushed(PushMessage message) {
        if (!"invalidate".equals(message.getType())) {
            return;
        }
        List<Object> content = message.getContent(StringCodec.UTF8::decodeKey);
        Object keys = content.size() > 1 ? content.get(1) : null;
        long now = System.nanoTime();
        if (!(keys instanceof List<?> list)) {
            // A null key list: the database was flushed.
            invalidations.incrementAndGet();
            expireAll();
            return;
        }
        for (Object key : list) {
            if (key instanceof String k) {
                invalidations.incrementAndGet();
                CachedKeys handler = handlerOf(k);
                if (handler != null) {
                    handler.expire(k, now);
                }
            }
        }
    }

    private CachedKeys handlerOf(String key) {
        for (int i = 0; i < prefixes.size(); i++) {
            String p = prefixes.get(i);
            if (key.startsWith(p)) {
                return handlers.get(p);
            }
        }
        return null;
    }

    private void expireAll() {
        long now = System.nanoTime();
        handlers.values().forEach(h -> h.expireAll(now));
    }
}
