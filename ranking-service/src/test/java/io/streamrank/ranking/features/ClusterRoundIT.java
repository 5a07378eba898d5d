package io.streamrank.ranking.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.KeyValue;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.streamrank.ranking.TestProperties;
import io.streamrank.testkit.LocalRedisCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/** A round's commands against a real three-master Redis Cluster ({@code streamrank.redis.cluster}, ADR 52). */
@EnabledIf("io.streamrank.testkit.LocalRedisCluster#available")
class ClusterRoundIT {

    private static LocalRedisCluster cluster;
    private static RedisClusterClient client;
    private static StatefulRedisClusterConnection<String, String> direct;
    private static RedisConnection redis;

    @BeforeAll
    static void start() throws Exception {
        cluster = LocalRedisCluster.start();
        client = RedisClusterClient.create(cluster.seedUri());
        direct = client.connect();
        redis = new RedisConnection(TestProperties.load(Map.of("streamrank.redis.uri", cluster.seedUri(),
                "streamrank.redis.cluster", "true", "streamrank.redis.timeout", "2s")));
    }

    @AfterAll
    static void stop() {
        if (redis != null) {
            redis.close();
            direct.close();
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void oneRoundReadsKeysOnEveryNodeAndEachMultiKeyReplyKeepsTheOrderOfItsKeys() {
        RedisAdvancedClusterCommands<String, String> c = direct.sync();
        List<String> keys = new ArrayList<>();
        Set<String> nodes = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            keys.add("sr:i:" + i);
            if (i % 7 != 0) {
                c.set("sr:i:" + i, "v" + i);
            }
            nodes.add(direct.getPartitions().getPartitionBySlot(SlotHash.getSlot("sr:i:" + i)).getNodeId());
        }
        assertThat(nodes).as("the keys really are spread over the nodes").hasSize(3);
        c.zadd("sr:cv:1", 2, "20");
        c.zadd("sr:cv:1", 1, "10");

        RedisRound round = redis.round();
        // One MGET over all three nodes: Lettuce splits it per slot; the reply must still be in the keys' order.
        RedisRound.Reply<List<KeyValue<String, String>>> values = round.add(r -> r.mget(keys.toArray(String[]::new)));
        RedisRound.Reply<List<String>> list = round.add(r -> r.zrevrange("sr:cv:1", 0, -1));
        round.await();

        List<KeyValue<String, String>> read = values.get();
        assertThat(read).hasSize(300);
        for (int i = 0; i < 300; i++) {
            assertThat(read.get(i).getKey()).isEqualTo("sr:i:" + i);
            assertThat(read.get(i).getValueOrElse(null)).isEqualTo(i % 7 == 0 ? null : "v" + i);
        }
        assertThat(list.get()).containsExactly("20", "10");
    }

    @Test
    void aCommandRedirectedDuringAReshardingIsAnsweredWithinTheRoundsBudget() throws Exception {
        // The service's connection flushes once per batch, not per command (ADR 52). A node migrating a slot answers
        // ASK for keys it no longer holds, and Lettuce re-sends the command to the other node on its event loop, where
        // nothing flushes it: the round itself must, or it would wait out its whole budget.
        String key = null;
        int slot = -1;
        int from = -1;
        for (int i = 0; key == null; i++) {
            String k = "sr:migrating:" + i;
            int s = SlotHash.getSlot(k);
            int owner = cluster.ports().indexOf(direct.getPartitions().getPartitionBySlot(s).getUri().getPort());
            if (cluster.keysInSlot(owner, s) == 0) {
                key = k;
                slot = s;
                from = owner;
            }
        }
        String migrating = key;
        int to = (from + 1) % 3;
        cluster.beginSlotMigration(slot, from, to);
        try {
            direct.sync().set(migrating, "on the importing node"); // this client follows the ASK too
            // The first redirect to a node the connection has not addressed by host and port yet may be refused while
            // that connection opens (Lettuce rejects commands on connections not connected yet, as configured); the
            // later ones are sent on it and must be flushed by the round.
            String read = null;
            for (int attempt = 0; attempt < 5 && read == null; attempt++) {
                RedisRound round = redis.round();
                RedisRound.Reply<String> reply = round.add(r -> r.get(migrating));
                try {
                    round.await();
                    read = reply.get();
                } catch (FeatureStoreUnavailableException refused) {
                    Thread.sleep(200);
                }
            }
            assertThat(read).isEqualTo("on the importing node");
        } finally {
            cluster.finishSlotMigration(slot, to);
        }
    }

    @Test
    void aDeferredWriteReachesItsNodeAndTheNextRoundsReadOfItsKeySeesIt() {
        // The drop-shown rule relies on it: a user's shown items are written after one answer, read by the next.
        RedisRound writes = redis.round();
        writes.add(r -> r.zadd("sr:shown:42", 1.0, "7"));
        writes.defer();
        RedisRound next = redis.round();
        RedisRound.Reply<List<String>> shown = next.add(r -> r.zrange("sr:shown:42", 0, -1));
        next.await();
        assertThat(shown.get()).containsExactly("7");
    }
}
