package io.streamrank.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.event.EventCodec;
import io.streamrank.contract.event.EventType;
import io.streamrank.contract.features.FeatureCodec;
import io.streamrank.contract.features.RedisKeys;
import io.streamrank.testkit.EmbeddedKafka;
import io.streamrank.testkit.LocalRedis;
import io.streamrank.testkit.RedisNamespace;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The real job on a Flink MiniCluster between a real (in-process KRaft) Kafka broker and a real Redis server. */
class FeatureJobIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
                    .build());

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
    void clicksBecomeRedisFeaturesAndBadRecordsReachTheDeadLetterTopic() throws Exception {
        long now = System.currentTimeMillis();
        List<ClickEvent> events = List.of(
                new ClickEvent("a", 1L, 10L, 5L, EventType.CLICK, now - 3_000),
                new ClickEvent("b", 1L, 11L, 5L, EventType.CLICK, now - 2_000),
                new ClickEvent("c", 2L, 10L, 5L, EventType.CLICK, now - 1_000),
                new ClickEvent("d", 2L, 20L, 6L, EventType.IMPRESSION, now - 500));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers", kafka.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            for (ClickEvent e : events) {
                producer.send(new ProducerRecord<>("clickstream", Long.toString(e.userId()), EventCodec.encode(e)));
            }
            producer.send(new ProducerRecord<>("clickstream", "1", "{oops".getBytes(StandardCharsets.UTF_8)));
            producer.send(new ProducerRecord<>("clickstream", "1", ("{\"eventId\":\"z\",\"userId\":1,\"itemId\":2,"
                    + "\"categoryId\":3,\"type\":\"click\",\"timestamp\":17}").getBytes(StandardCharsets.UTF_8)));
        }

        PipelineSettings settings = PipelineSettings.fromArgs(new String[] {
            "--kafka.bootstrap", kafka.bootstrapServers(), "--redis.uri", redis.uri(), "--redis.prefix", ns.prefix(),
            "--parallelism", "2", "--checkpoint.interval", "1s"});
        JobClient job = FeatureJob.start(settings);
        try {
            RedisKeys keys = new RedisKeys(ns.prefix());
            var r = ns.commands();
            await(() -> r.get(keys.user(1)) != null
                    && FeatureCodec.decodeUser(r.get(keys.user(1))).categoryCount5m(5L) == 2);
            await(() -> r.get(keys.item(10)) != null && FeatureCodec.decodeItem(r.get(keys.item(10))).clicks1h() == 2);

            assertThat(FeatureCodec.decodeUser(r.get(keys.user(1))).recent()).extracting(x -> x.itemId())
                    .containsExactly(11L, 10L);
            assertThat(r.zrevrange(keys.popularCategory(5), 0, -1)).containsExactly("10", "11");
            assertThat(r.pttl(keys.user(1))).isPositive();
            assertThat(FeatureCodec.decodeUser(r.get(keys.user(2))).recent()).as("impressions are not interactions")
                    .extracting(x -> x.itemId()).containsExactly(10L);

            List<ConsumerRecord<byte[], byte[]>> dead = readAll("clickstream-dlq", 2);
            assertThat(dead).extracting(d -> new String(d.headers().lastHeader("reason").value(),
                    StandardCharsets.UTF_8)).containsExactlyInAnyOrder("malformed_json", "timestamp_out_of_range");
            assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).contains("\"raw\"");
        } finally {
            job.cancel().get();
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expected) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", kafka.bootstrapServers(), "group.id", "it-" + System.nanoTime(),
                "auto.offset.reset", "earliest"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met within 60 s").isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
