package io.streamrank.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.event.EventCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Kafka and waiting helpers of the pipeline's integration tests. */
final class Clickstream {

    /** One record to produce: its user key, its partition and its raw value. */
    record Raw(long userId, byte[] value) {

        static Raw of(ClickEvent e) {
            return new Raw(e.userId(), EventCodec.encode(e));
        }

        static Raw text(long userId, String value) {
            return new Raw(userId, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    private Clickstream() {
    }

    /** Produces in order, keyed by user, partition {@code userId % partitions}; waits for every acknowledgement. */
    static void produce(String bootstrap, String topic, int partitions, List<Raw> records) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap,
                "linger.ms", 5), new StringSerializer(), new ByteArraySerializer())) {
            for (Raw r : records) {
                producer.send(new ProducerRecord<>(topic, (int) (r.userId() % partitions), Long.toString(r.userId()),
                        r.value()));
            }
            producer.flush();
        }
    }

    static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrap, String topic, int expected) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", bootstrap, "group.id", "it-" + System.nanoTime(),
                "auto.offset.reset", "earliest"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    static void await(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what + " within " + limit).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    /** Waits until the snapshot stops changing for {@code quiet}, then returns it. */
    static Map<String, String> awaitStable(java.util.function.Supplier<Map<String, String>> snapshot,
                                           Duration quiet, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        Map<String, String> last = snapshot.get();
        long stableSince = System.nanoTime();
        while (System.nanoTime() - stableSince < quiet.toNanos()) {
            assertThat(System.nanoTime()).as("Redis settles within " + limit).isLessThan(deadline);
            Thread.sleep(300);
            Map<String, String> now = snapshot.get();
            if (!now.equals(last)) {
                last = now;
                stableSince = System.nanoTime();
            }
        }
        return last;
    }
}
