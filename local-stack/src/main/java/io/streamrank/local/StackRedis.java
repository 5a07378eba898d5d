package io.streamrank.local;

import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.features.FeatureCodec;
import io.streamrank.contract.features.RedisKeys;
import io.streamrank.testkit.LocalRedis;
import io.streamrank.testkit.LocalRedisCluster;
import io.streamrank.testkit.RedisNamespace;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The Redis of a {@link LocalStack}, the local server or a three-master cluster started for the stack, and the wait
 * for the feature job's writes to it.
 */
final class StackRedis {

    private final String uri;
    /** A GET of one key, for {@link #awaitCaughtUp}. */
    private final UnaryOperator<String> get;

    private StackRedis(String uri, UnaryOperator<String> get) {
        this.uri = uri;
        this.get = get;
    }

    /**
     * Starts or finds Redis: the local server with the stack's prefix cleared, or a fresh three-master cluster.
     *
     * @param add  keeps a started part for the stack to stop; throws if the stack was stopped meanwhile
     * @param step reports that Redis is up
     */
    static StackRedis start(LocalStack.Options o, Consumer<AutoCloseable> add, Consumer<String> step)
            throws Exception {
        if (o.redisCluster()) {
            LocalRedisCluster cluster = LocalRedisCluster.start();
            add.accept(cluster);
            String redisUri = cluster.seedUri();
            RedisClusterClient client = RedisClusterClient.create(redisUri);
            StatefulRedisClusterConnection<String, String> connection = client.connect();
            add.accept(() -> {
                connection.close();
                client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            });
            step.accept("Redis Cluster of three masters at " + redisUri + " (started from PATH), keys under '"
                    + o.redisPrefix() + "'");
            return new StackRedis(redisUri, connection.sync()::get);
        }
        LocalRedis redis = LocalRedis.findOrStart();
        add.accept(redis);
        RedisNamespace keys = new RedisNamespace(redis.uri(), o.redisPrefix(), true);
        add.accept(keys);
        step.accept("Redis at " + redis.uri() + (redis.isOwnProcess() ? " (started from PATH)" : "")
                + ", keys under '" + o.redisPrefix() + "'");
        return new StackRedis(redis.uri(), keys.commands()::get);
    }

    /** The local server, or a seed node of the cluster. */
    String uri() {
        return uri;
    }

    /**
     * Waits until the last replayed event of each of the 20 users who clicked last is visible in Redis: users are
     * spread over the topic's partitions, so one user's event only shows that its own partition caught up.
     */
    void awaitCaughtUp(RedisKeys keys, List<ClickEvent> events, Consumer<String> progress)
            throws InterruptedException {
        java.util.Map<Long, Long> lastOfUser = new java.util.LinkedHashMap<>();
        for (int i = events.size() - 1; i >= 0 && lastOfUser.size() < 20; i--) {
            lastOfUser.putIfAbsent(events.get(i).userId(), events.get(i).timestamp());
        }
        long start = System.nanoTime();
        long deadline = start + Duration.ofMinutes(3).toNanos();
        long nextReport = start + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() - deadline < 0) {
            lastOfUser.entrySet().removeIf(e -> {
                String v = get.apply(keys.user(e.getKey()));
                return v != null && FeatureCodec.decodeUser(v).lastEventAt() >= e.getValue();
            });
            if (lastOfUser.isEmpty()) {
                return;
            }
            if (System.nanoTime() - nextReport >= 0) {
                progress.accept(String.format("  waiting for the feature job: %d of the last users' features not in "
                        + "Redis yet (%.0f s)", lastOfUser.size(), (System.nanoTime() - start) / 1e9));
                nextReport += Duration.ofSeconds(15).toNanos();
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the feature job did not catch up with the replay within 3 minutes");
    }
}
