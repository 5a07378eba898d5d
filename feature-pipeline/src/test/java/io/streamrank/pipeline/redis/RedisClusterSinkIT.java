package io.streamrank.pipeline.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.streamrank.testkit.LocalRedisCluster;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

/** The {@code --redis.cluster true} switch against a real three-node Redis Cluster started for this test. */
class RedisClusterSinkIT {

    @Test
    void inClusterModeEveryKindOfWriteReachesTheNodeOwningItsKey() throws Exception {
        assumeTrue(LocalRedisCluster.available(), "redis-server and redis-cli are needed on PATH to start a cluster");
        try (LocalRedisCluster cluster = LocalRedisCluster.start()) {
            RedisFeatureSink.Settings settings = RedisFeatureSink.Settings.defaults(cluster.seedUri(), true)
                    .withBatchSize(100);
            try (RedisFeatureWriter writer = new RedisFeatureWriter(settings, new UnregisteredMetricsGroup(), null)) {
                for (int i = 0; i < 500; i++) {
                    writer.write(RedisWrite.set("sr:u:" + i, "v" + i, 60_000L), null);
                    // Owned, as the job writes them: the script touches the set and its owner key, one slot.
                    writer.write(RedisWrite.zadd("sr:pop:c:" + (i % 7), Integer.toString(i), i, 60_000L)
                            .ownedBy("sr:run:{sr:pop:c:" + (i % 7) + "}", 3L, 3_600_000L), null);
                }
                writer.write(RedisWrite.zreplace("sr:cv:1", new String[] {"2", "3"}, new double[] {4d, 1d},
                        60_000L), null);
                writer.flush(false);
            }
            // A job started again without its state (run 4) takes a set over: the script then also writes the seen
            // key, which must share the set's slot too.
            try (RedisFeatureWriter writer = new RedisFeatureWriter(settings, new UnregisteredMetricsGroup(), null)) {
                writer.write(RedisWrite.zadd("sr:pop:c:3", "new", 1d, 60_000L)
                        .ownedBy("sr:run:{sr:pop:c:3}", 4L, 3_600_000L), null);
                writer.flush(false);
            }
            RedisClusterClient client = RedisClusterClient.create(cluster.seedUri());
            try (StatefulRedisClusterConnection<String, String> c = client.connect()) {
                RedisAdvancedClusterCommands<String, String> r = c.sync();
                Set<String> nodesHoldingUsers = new HashSet<>();
                for (int i = 0; i < 500; i++) {
                    assertThat(r.get("sr:u:" + i)).isEqualTo("v" + i);
                    nodesHoldingUsers.add(c.getPartitions().getPartitionBySlot(
                            io.lettuce.core.cluster.SlotHash.getSlot("sr:u:" + i)).getNodeId());
                }
                assertThat(nodesHoldingUsers).as("the keys really are spread over the nodes").hasSize(3);
                assertThat(r.pttl("sr:u:7")).isBetween(1L, 60_000L);
                assertThat(r.zcard("sr:pop:c:4")).as("i % 7 == 4 for 71 of 0..499").isEqualTo(71L);
                assertThat(r.pttl("sr:pop:c:4")).isBetween(1L, 60_000L);
                assertThat(r.get("sr:run:{sr:pop:c:4}")).isEqualTo("3");
                assertThat(r.zcard("sr:pop:c:3")).as("run 3's 71 members stay while run 4 takes over").isEqualTo(72L);
                assertThat(r.get("sr:run:{sr:pop:c:3}")).startsWith("4:");
                assertThat(r.zrange("sr:run:{sr:pop:c:3}:seen", 0, -1)).containsExactly("new");
                int slot = io.lettuce.core.cluster.SlotHash.getSlot("sr:pop:c:3");
                assertThat(io.lettuce.core.cluster.SlotHash.getSlot("sr:run:{sr:pop:c:3}")).isEqualTo(slot);
                assertThat(io.lettuce.core.cluster.SlotHash.getSlot("sr:run:{sr:pop:c:3}:seen")).isEqualTo(slot);
                assertThat(r.zrevrange("sr:cv:1", 0, -1)).containsExactly("2", "3");
            } finally {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            }
        }
    }
}
