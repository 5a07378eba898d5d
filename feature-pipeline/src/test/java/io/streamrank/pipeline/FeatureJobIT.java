package io.streamrank.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.event.EventType;
import io.streamrank.contract.features.FeatureCodec;
import io.streamrank.contract.features.ItemStats;
import io.streamrank.contract.features.RedisKeys;
import io.streamrank.contract.features.UserActivity;
import io.streamrank.contract.features.UserFeatures;
import io.streamrank.pipeline.Clickstream.Raw;
import io.streamrank.testkit.EmbeddedKafka;
import io.streamrank.testkit.LocalRedis;
import io.streamrank.testkit.RedisNamespace;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real job on a MiniCluster between the in-process Kafka broker and the local Redis. */
class FeatureJobIT {

    private static EmbeddedKafka kafka;
    private static LocalRedis redis;
    private static RedisNamespace ns;

    @BeforeAll
    static void infrastructure() {
        kafka = EmbeddedKafka.start(2, "clickstream", "clickstream-dlq");
        redis = LocalRedis.findOrStart();
        ns = new RedisNamespace(redis.uri(), "job");
    }

    @AfterAll
    static void tearDown() {
        ns.close();
        kafka.close();
        redis.close();
    }

    @Test
    void eventsBecomeEveryFeatureInRedisWhileBadLateAndDuplicateEventsDoNot() throws Exception {
        long now = System.currentTimeMillis();
        ClickEvent a = new ClickEvent("a", 1L, 10L, 5L, EventType.CLICK, now - 3_000);
        ClickEvent b = new ClickEvent("b", 1L, 11L, 5L, EventType.CLICK, now - 2_000);
        List<Raw> records = new ArrayList<>(List.of(Raw.of(a), Raw.of(b),
                Raw.of(new ClickEvent("c", 2L, 10L, 5L, EventType.CLICK, now - 1_000)),
                Raw.of(new ClickEvent("d", 2L, 20L, 6L, EventType.IMPRESSION, now - 500)),
                Raw.of(new ClickEvent("e", 1L, 11L, 5L, EventType.CART, now - 1_500)),
                Raw.of(b),                                                                     // a duplicate
                Raw.of(new ClickEvent("f", 1L, 12L, 7L, EventType.CLICK, now - 30_000)),     // late, allowed
                Raw.of(new ClickEvent("g", 1L, 13L, 7L, EventType.CLICK, now - 600_000)),    // too late
                Raw.text(1L, "{oops"),
                Raw.text(1L, "{\"eventId\":\"h\",\"userId\":1,\"categoryId\":3,\"type\":\"click\",\"timestamp\":"
                        + now + "}"),
                Raw.text(1L, "{\"eventId\":\"i\",\"userId\":1,\"itemId\":2,\"categoryId\":3,\"type\":\"wink\","
                        + "\"timestamp\":" + now + "}"),
                Raw.text(1L, "{\"eventId\":\"j\",\"userId\":1,\"itemId\":2,\"categoryId\":3,\"type\":\"click\","
                        + "\"timestamp\":17}"),
                // Microseconds by mistake: its dead letter, stamped with this time, was refused by the broker (at
                // most 1 h ahead by default since Kafka 4.0) and the job failed on it at every restart.
                Raw.text(2L, "{\"eventId\":\"k\",\"userId\":2,\"itemId\":2,\"categoryId\":3,\"type\":\"click\","
                        + "\"timestamp\":" + now * 1000 + "}")));
        Clickstream.produce(kafka.bootstrapServers(), "clickstream", 2, records);

        int metricsPort = freePort();
        JobClient job = FeatureJob.start(PipelineSettings.fromArgs(new String[] {
            "--kafka.bootstrap", kafka.bootstrapServers(), "--redis.uri", redis.uri(), "--redis.prefix", ns.prefix(),
            "--parallelism", "2", "--checkpoint.interval", "1s", "--metrics.port", Integer.toString(metricsPort)}));
        try {
            RedisKeys keys = new RedisKeys(ns.prefix());
            var r = ns.commands();
            Clickstream.await("user 1 complete", Duration.ofSeconds(60), () -> r.get(keys.user(1)) != null
                    && FeatureCodec.decodeUser(r.get(keys.user(1))).recent().size() == 4);
            Clickstream.await("co-visits complete", Duration.ofSeconds(30), () -> r.zcard(keys.coVisitation(12)) == 2);
            // Partition 1 (user 1) reaches at least now - 1,500 ("e"), partition 0 (user 2) now - 500 ("d"); less
            // the out-of-orderness (2 s) and 1 ms.
            Clickstream.awaitSettled(metricsPort, now - 1_500 - 2_001, () -> FeatureSnapshot.read(r, ns.prefix()),
                    Duration.ofSeconds(60));

            UserFeatures u1 = FeatureCodec.decodeUser(r.get(keys.user(1)));
            assertThat(u1.recent()).extracting(x -> x.itemId() + "/" + x.type())
                    .containsExactly("11/CART", "11/CLICK", "10/CLICK", "12/CLICK");
            assertThat(u1.categoryCounts5m()).isEqualTo(Map.of(5L, 3, 7L, 1));
            UserActivity ua1 = FeatureCodec.decodeUserActivity(r.get(keys.userActivity(1)));
            assertThat(ua1.last5m().clicks()).as("the duplicate counts once").isEqualTo(3);
            assertThat(ua1.last24h().carts()).isEqualTo(1);
            assertThat(ua1.ageMs(System.currentTimeMillis())).isLessThan(60_000L);

            assertThat(FeatureCodec.decodeItem(r.get(keys.item(10))).clicks1h()).isEqualTo(2);
            ItemStats s11 = FeatureCodec.decodeItemStats(r.get(keys.itemStats(11)));
            assertThat(s11.last1h().clicks()).isEqualTo(1);
            assertThat(s11.last1h().carts()).isEqualTo(1);
            assertThat(FeatureCodec.decodeItemStats(r.get(keys.itemStats(20))).last1h().impressions()).isEqualTo(1);
            assertThat(r.zrevrangeWithScores(keys.popularCategory(5), 0, -1))
                    .extracting(x -> x.getValue() + "=" + x.getScore()).containsExactly("10=2.0", "11=1.0");
            assertThat(r.zscore(keys.popularAll(), "20")).as("no clicks, not popular").isNull();
            assertThat(r.zrevrangeWithScores(keys.coVisitation(10), 0, -1))
                    .extracting(x -> x.getValue() + "=" + x.getScore()).containsExactly("11=2.0", "12=1.0");
            assertThat(r.zrevrangeWithScores(keys.coVisitation(12), 0, -1)).extracting(x -> x.getValue())
                    .containsExactlyInAnyOrder("10", "11");
            assertThat(r.exists(keys.user(13))).as("the too-late event is not counted").isZero();

            for (String key : FeatureSnapshot.read(r, ns.prefix()).keySet()) {
                assertThat(r.pttl(ns.prefix() + key)).as("TTL of " + key).isPositive();
            }

            var dead = Clickstream.readAll(kafka.bootstrapServers(), "clickstream-dlq", 6);
            assertThat(dead).extracting(d -> new String(d.headers().lastHeader("reason").value(),
                    StandardCharsets.UTF_8)).containsExactlyInAnyOrder("malformed_json", "missing_field",
                    "unknown_type", "timestamp_out_of_range", "timestamp_out_of_range", "late_event");
            assertThat(dead).allSatisfy(d -> assertThat(d.timestamp()).as("stamped when routed aside")
                    .isBetween(now - 60_000, System.currentTimeMillis()));
            // Each keeps the key its record came with (the user id here), so a replay lands in the same partition.
            assertThat(dead).extracting(d -> new String(d.key(), StandardCharsets.UTF_8))
                    .containsExactlyInAnyOrder("1", "1", "1", "1", "2", "1");

            String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).contains("flink_taskmanager_job_task_operator_streamrank_events_accepted",
                    "flink_taskmanager_job_task_operator_streamrank_events_rejected_unknown_type",
                    "flink_taskmanager_job_task_operator_streamrank_events_late_dropped",
                    "flink_taskmanager_job_task_operator_streamrank_events_late_accepted",
                    "flink_taskmanager_job_task_operator_streamrank_events_duplicate",
                    "flink_taskmanager_job_task_operator_streamrank_watermark_lag_ms",
                    "flink_taskmanager_job_task_operator_streamrank_event_to_redis_lag_ms{",
                    "flink_taskmanager_job_task_operator_streamrank_redis_writes");
            assertThat(sum(metrics, "flink_taskmanager_job_task_operator_streamrank_events_duplicate")).isEqualTo(1d);
            assertThat(sum(metrics, "flink_taskmanager_job_task_operator_streamrank_events_late_dropped"))
                    .isEqualTo(1d);
        } finally {
            FeatureJob.stop(job);
        }
    }

    /** Sum over all series (subtasks) of one metric in Prometheus text format. */
    static double sum(String exposition, String name) {
        return Clickstream.values(exposition, name).stream().mapToDouble(d -> d).sum();
    }

    static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
