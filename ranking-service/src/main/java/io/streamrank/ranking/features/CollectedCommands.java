package io.streamrank.ranking.features;

import io.lettuce.core.RedisAsyncCommandsImpl;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisAdvancedClusterAsyncCommandsImpl;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.RedisCommand;
import java.util.ArrayList;
import java.util.List;

/**
 * Lettuce's async command API over a shared connection that collects the commands issued through it for a round's
 * batch ({@link RedisRound}) instead of writing each one at once. Not thread-safe: one round, one request's thread.
 */
final class CollectedCommands {

    private final RedisClusterAsyncCommands<String, String> commands;
    private List<RedisCommand<String, String, ?>> unsent = new ArrayList<>();

    @SuppressWarnings("unchecked")
    CollectedCommands(StatefulConnection<String, String> connection) {
        this.commands = connection instanceof StatefulRedisClusterConnection<?, ?> cluster
                ? new ClusterCollecting((StatefulRedisClusterConnection<String, String>) cluster)
                : new Collecting((StatefulRedisConnection<String, String>) connection);
    }

    /** The API to issue commands with; each one it returns a future for is collected, not written. */
    RedisClusterAsyncCommands<String, String> commands() {
        return commands;
    }

    /** True while no command was collected since the last {@link #drain()}. */
    boolean isEmpty() {
        return unsent.isEmpty();
    }

    /** The commands collected since the last call, in the order they were issued; collecting starts afresh. */
    List<RedisCommand<String, String, ?>> drain() {
        List<RedisCommand<String, String, ?>> batch = unsent;
        unsent = new ArrayList<>();
        return batch;
    }

    /**
     * When the reply of the command behind {@code future} was read ({@link System#nanoTime()}) on the event loop; now
     * for a command whose reply is not its own (a Redis Cluster's split MGET) or not read yet.
     */
    static long readAtNanos(RedisFuture<?> future) {
        return future instanceof Stamped<?> s && s.readAtNanos != 0 ? s.readAtNanos : System.nanoTime();
    }

    /**
     * Lettuce's own async API over the shared connection, except that a command is kept for the round's batch instead
     * of being written at once (every command method of the API goes through this {@code dispatch}).
     */
    private final class Collecting extends RedisAsyncCommandsImpl<String, String> {

        Collecting(StatefulRedisConnection<String, String> connection) {
            super(connection, StringCodec.UTF8);
        }

        @Override
        public <T> AsyncCommand<String, String, T> dispatch(RedisCommand<String, String, T> cmd) {
            return collect(cmd);
        }
    }

    /** {@link Collecting} for a Redis Cluster: multi-key commands are split per slot before they get here. */
    private final class ClusterCollecting extends RedisAdvancedClusterAsyncCommandsImpl<String, String> {

        ClusterCollecting(StatefulRedisClusterConnection<String, String> connection) {
            super(connection, StringCodec.UTF8);
        }

        @Override
        public <T> AsyncCommand<String, String, T> dispatch(RedisCommand<String, String, T> cmd) {
            return collect(cmd);
        }
    }

    private <T> AsyncCommand<String, String, T> collect(RedisCommand<String, String, T> cmd) {
        AsyncCommand<String, String, T> command = new Stamped<>(cmd);
        unsent.add(command);
        return command;
    }

    /**
     * A command that notes when its reply was read: on Lettuce's event loop, in order with the invalidations Redis
     * pushes on the same connection, so that a cache can tell an invalidation that came before the reply (a change the
     * reply already holds) from one after it (ADR 56).
     */
    private static final class Stamped<T> extends AsyncCommand<String, String, T> {
        /** Written before completion, so visible to whoever sees the command complete. */
        private long readAtNanos;

        Stamped(RedisCommand<String, String, T> command) {
            super(command);
        }

        @Override
        public void complete() {
            readAtNanos = System.nanoTime();
            super.complete();
        }
    }
}
