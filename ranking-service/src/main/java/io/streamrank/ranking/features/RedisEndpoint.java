package io.streamrank.ranking.features;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.RedisClusterURIUtil;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.resource.ClientResources;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * The Lettuce client of the feature store: one Redis server (a standalone server or a master-replica pair's master)
 * or a Redis Cluster (ADR 52). Everything above it works on the API both share: {@link StatefulConnection} to write
 * batches, {@link RedisClusterAsyncCommands} to build commands.
 */
final class RedisEndpoint {

    /** How often a cluster client re-reads the topology when nothing prompted it (MOVED and ASK replies do). */
    static final Duration TOPOLOGY_REFRESH = Duration.ofSeconds(30);

    private final RedisClient standalone;
    private final RedisClusterClient cluster;

    /**
     * @param commandTimeout per-command timeout (callers bound their own waits; this only stops commands to a hung
     *                       server from piling up)
     */
    RedisEndpoint(ClientResources resources, String uri, boolean cluster, Duration commandTimeout,
                  Duration deadPeerTimeout) {
        TimeoutOptions timeouts = TimeoutOptions.enabled(commandTimeout);
        // Fail fast while disconnected instead of queueing commands behind a dead socket.
        ClientOptions.DisconnectedBehavior disconnected = ClientOptions.DisconnectedBehavior.REJECT_COMMANDS;
        SocketOptions socket = socketOptions(deadPeerTimeout);
        if (cluster) {
            this.standalone = null;
            // Parsed as Lettuce parses a cluster URI, whose host part may list several seed nodes.
            List<RedisURI> seeds = RedisClusterURIUtil.toRedisURIs(URI.create(uri));
            seeds.forEach(seed -> bound(seed, uri, commandTimeout));
            this.cluster = RedisClusterClient.create(resources, seeds);
            this.cluster.setOptions(ClusterClientOptions.builder()
                    .timeoutOptions(timeouts).disconnectedBehavior(disconnected).socketOptions(socket)
                    // A failover or a resharding moves slots: redirects and reconnects prompt a re-read at once.
                    .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                            .enableAllAdaptiveRefreshTriggers().enablePeriodicRefresh(TOPOLOGY_REFRESH).build())
                    .build());
        } else {
            this.cluster = null;
            this.standalone = RedisClient.create(resources, bound(RedisURI.create(uri), uri, commandTimeout));
            this.standalone.setOptions(ClientOptions.builder()
                    .timeoutOptions(timeouts).disconnectedBehavior(disconnected).socketOptions(socket).build());
        }
    }

    /**
     * The URI with its timeout, which bounds a connect's handshake, set to the command timeout unless the URI sets one:
     * Lettuce's default of 60 s kept the thread connecting to a hung server (one that accepts TCP but never answers,
     * as a stopped process's kernel does) blocked for a minute, with a concurrency slot.
     */
    static RedisURI bound(RedisURI parsed, String uri, Duration commandTimeout) {
        if (!uri.contains("timeout=")) {
            parsed.setTimeout(commandTimeout);
        }
        return parsed;
    }

    /**
     * Options that close a connection to a peer gone without a reset. Lettuce reconnects only once its channel is
     * closed; command timeouts alone leave the dead connection in place, so every round (and the breaker's probe)
     * would time out against it until the OS's own retransmission limit, about 15 minutes.
     */
    static SocketOptions socketOptions(Duration deadPeerTimeout) {
        SocketOptions.Builder socket = SocketOptions.builder().connectTimeout(Duration.ofSeconds(1));
        if (!deadPeerTimeout.isZero() && !deadPeerTimeout.isNegative()) {
            Duration idle = deadPeerTimeout.dividedBy(2).compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1)
                    : deadPeerTimeout.dividedBy(2);
            socket.keepAlive(SocketOptions.KeepAliveOptions.builder()
                            .enable().idle(idle).interval(Duration.ofSeconds(1)).count(3).build())
                    // Applied by the epoll transport (the service's default on Linux); NIO ignores it.
                    .tcpUserTimeout(SocketOptions.TcpUserTimeoutOptions.builder()
                            .enable().tcpUserTimeout(deadPeerTimeout).build());
        }
        return socket.build();
    }

    boolean isCluster() {
        return cluster != null;
    }

    /** Connects (a cluster client reads the topology from the seed node first); throws when Redis is unreachable. */
    StatefulConnection<String, String> connect() {
        return cluster != null ? cluster.connect() : standalone.connect();
    }

    /** The async API of a connection this endpoint made. */
    @SuppressWarnings("unchecked")
    static RedisClusterAsyncCommands<String, String> async(StatefulConnection<String, String> connection) {
        if (connection instanceof StatefulRedisClusterConnection<?, ?> c) {
            return ((StatefulRedisClusterConnection<String, String>) c).async();
        }
        return ((StatefulRedisConnection<String, String>) connection).async();
    }

    void shutdown() {
        if (cluster != null) {
            cluster.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        } else {
            standalone.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
