package io.streamrank.local;

import org.junit.jupiter.api.condition.EnabledIf;

/**
 * {@link EndToEndIT} on a three-master Redis Cluster started for the stack: the feature job writes with
 * {@code --redis.cluster true} and the ranking service reads with {@code streamrank.redis.cluster=true} (ADR 52), so a
 * click posted over HTTP must cross Kafka, Flink and the cluster's nodes before it changes the user's top-k.
 */
@EnabledIf("io.streamrank.testkit.LocalRedisCluster#available")
class ClusterEndToEndIT extends EndToEndIT {

    @Override
    boolean redisCluster() {
        return true;
    }
}
