package io.streamrank.ranking.features;

import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisLoadingException;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.protocol.RedisCommand;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.streamrank.contract.features.RedisKeys;
import io.streamrank.ranking.RankingProperties;
import io.streamrank.ranking.cache.Tracking;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * The feature store's Redis: rounds of pipelined commands over one shared, thread-safe Lettuce connection, opened
 * lazily ({@link LazyConnection}), writes and background reads deferred to ride the next round, and probes of what
 * Redis accepts. To one Redis server, or to a Redis Cluster with {@code streamrank.redis.cluster} (ADR 52).
 */
@Component
public class RedisConnection {

    /**
     * The longest a deferred write waits for a round to take it along (ADR 38): under load the next round leaves
     * within a millisecond or two; idle, the write goes alone after this.
     */
    static final Duration DEFERRED_WRITE_DELAY = Duration.ofMillis(20);

    private final ClientResources resources;
    private final RedisEndpoint endpoint;
    private final RedisKeys keys;
    private final Duration timeout;
    private final DeferredWrites deferred = new DeferredWrites(DEFERRED_WRITE_DELAY, this::dispatch);
    private final LazyConnection lazy;
    private final RoundBreaker breaker;
    /** {@code null} when keys are not tracked (switched off, or a Redis Cluster). */
    private final KeyTracking keyTracking;

    RedisConnection(RankingProperties properties) {
        this.timeout = properties.redis().timeout();
        this.keys = new RedisKeys(properties.redis().keyPrefix());
        // Reconnect attempts back off to at most 1 s (Lettuce's default grows to 30 s), so that answers stop being
        // degraded within about a second of Redis coming back.
        resources = DefaultClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(10), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
                .build();
        // Callers bound their own waits (a read round: streamrank.redis.timeout; catalog writes: their timeout);
        // this longer per-command timeout only stops commands to a hung server from piling up.
        Duration commandTimeout = timeout.compareTo(properties.catalog().writeTimeout()) > 0 ? timeout
                : properties.catalog().writeTimeout();
        endpoint = new RedisEndpoint(resources, properties.redis().uri(), properties.redis().cluster(), commandTimeout,
                properties.redis().deadPeerTimeout());
        keyTracking = properties.redis().tracking() && !endpoint.isCluster()
                ? new KeyTracking(new Tracking(properties.redis().trackingTtl()), KeyTracking.prefixes(keys)) : null;
        lazy = new LazyConnection(endpoint, this::connected);
        breaker = new RoundBreaker(properties.redis().breakerTimeouts(), properties.redis().breakerOpen());
    }

    @SuppressWarnings("unchecked")
    private void connected(StatefulConnection<String, String> c) {
        if (keyTracking != null && c instanceof StatefulRedisConnection<?, ?> standalone) {
            keyTracking.attach((StatefulRedisConnection<String, String>) standalone);
        }
    }

    /**
     * Whether Redis announces changes of cached keys, for the caches of values read through this connection: while it
     * does they keep values until announced ({@link Tracking#OFF} when tracking is switched off; ADR 56).
     */
    public Tracking tracking() {
        return keyTracking == null ? Tracking.OFF : keyTracking.tracking();
    }

    /**
     * Hands Redis's announcements of changed keys under {@code prefix} (one of {@link KeyTracking#prefixes}) to the cache;
     * nothing is announced when tracking is off.
     */
    public void track(String prefix, CachedKeys cache) {
        if (keyTracking != null) {
            keyTracking.register(prefix, cache);
        }
    }

    /** Keys Redis announced as changed since the start (a flush counts one); 0 without tracking. */
    public long invalidations() {
        return keyTracking == null ? 0 : keyTracking.invalidations();
    }

    /** Key names under the configured prefix. */
    public RedisKeys keys() {
        return keys;
    }

    /**
     * Whether the feature store is a Redis Cluster: commands whose keys live in different slots cannot be joined on
     * the server ({@code SORT … GET} patterns, ADR 52).
     */
    public boolean isCluster() {
        return endpoint.isCluster();
    }

    /** A new round of pipelined reads bounded by {@code streamrank.redis.timeout}. */
    public RedisRound round() {
        return round(timeout);
    }

    /** A new round of pipelined commands bounded by {@code budget}. */
    public RedisRound round(Duration budget) {
        if (breaker.isOpen() && !breaker.allows(System.nanoTime())) { // no clock read while closed: every round
            throw new FeatureStoreUnavailableException("Redis timed out round after round: not asked for a moment "
                    + "(streamrank.redis.breaker-open)", null);
        }
        try {
            StatefulConnection<String, String> c = lazy.get();
            return new RedisRound(c, budget, deferred, endpoint.isCluster() ? c::flushCommands : null)
                    .reportingTo(breaker);
        } catch (RuntimeException e) {
            throw new FeatureStoreUnavailableException("Redis unavailable", e);
        }
    }

    /**
     * Writes a batch. On a Redis Cluster the connection does not flush by itself (see {@link LazyConnection}): the batch's
     * commands are queued on the nodes' connections, then flushed together.
     */
    private void dispatch(List<RedisCommand<String, String, ?>> batch) {
        StatefulConnection<String, String> c = lazy.get();
        c.dispatch(batch);
        if (endpoint.isCluster()) {
            c.flushCommands();
        }
    }

    /**
     * Whether Redis accepts the command, asked in a round of its own that nobody waits for: completes with
     * {@code false} when Redis answers with an error reply that will not go away by itself (a command renamed away or
     * denied by an ACL, a pattern refused in cluster mode, a write command on a replica), exceptionally when Redis
     * cannot answer now (down, timed out, loading, busy).
     */
    public CompletableFuture<Boolean> accepts(
            Function<RedisClusterAsyncCommands<String, String>, RedisFuture<?>> command) {
        RedisFuture<?> reply;
        try {
            // A one-off: written on its own rather than riding a round.
            StatefulConnection<String, String> c = lazy.get();
            reply = command.apply(RedisEndpoint.async(c));
            if (endpoint.isCluster()) {
                c.flushCommands();
            }
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(new FeatureStoreUnavailableException("Redis unavailable", e));
        }
        CompletableFuture<Boolean> answer = new CompletableFuture<>();
        reply.whenComplete((value, failure) -> {
            if (failure == null) {
                answer.complete(true);
                return;
            }
            for (Throwable t = failure; t != null; t = t.getCause()) {
                if (t instanceof RedisLoadingException || t instanceof RedisBusyException) {
                    break;
                }
                if (t instanceof RedisCommandExecutionException) {
                    answer.complete(false);
                    return;
                }
            }
            answer.completeExceptionally(new FeatureStoreUnavailableException("Redis did not answer", failure));
        });
        return answer.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void close() {
        deferred.close();
        lazy.close();
        endpoint.shutdown();
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
