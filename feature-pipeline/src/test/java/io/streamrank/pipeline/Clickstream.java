package io.streamrank.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.event.EventCodec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Kafka and waiting helpers of the pipeline's integration tests. */
final class Clickstream {

    /**
     * The longest a write waits after the change that causes it: the co-visitation flush tick (1 s) plus the sink's
     * batch delay (10 ms), with room for the timer to run late.
     */
    private static final Duration FLUSH_SLACK = Duration.ofMillis(1_500);
    private static final String COMPLETED_CHECKPOINTS = "flink_jobmanager_job_numberOfCompletedCheckpoints";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

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

    /**
     * Waits until the job has done everything its input causes, then returns the snapshot. Redis going quiet for a
     * while was not enough: on a loaded machine the job can pause longer than any quiet period (a GC, a checkpoint, a
     * starved source thread) while the final watermark's window timers are still to fire. Instead it waits on what
     * the job reports on its metrics endpoint ({@code --metrics.port}):
     * <ol>
     *   <li>every split is read to its end ({@code pendingRecords} 0) and every operator has seen
     *       {@code finalWatermark}, so every window timer up to it has fired;</li>
     *   <li>then two checkpoints complete after the flush ticks those timers armed are due ({@link #FLUSH_SLACK}): the
     *       second starts after the first has completed, and a checkpoint passes each Redis sink only once every
     *       write before it is acknowledged, so Redis holds everything written before it;</li>
     *   <li>the snapshot is taken, and again after one more completed checkpoint; if the two differ (a source of
     *       writes the above misses), it waits for another checkpoint and compares again.</li>
     * </ol>
     *
     * @param finalWatermark the watermark the input ends with: the smallest over the partitions of their newest event
     *                       time, less the out-of-orderness and 1 ms (a lower bound is enough)
     */
    static Map<String, String> awaitSettled(int metricsPort, long finalWatermark,
                                            Supplier<Map<String, String>> snapshot, Duration limit)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        await("every record read and watermark " + finalWatermark + " at every operator", limit, () -> {
            String m = scrape(metricsPort);
            List<Double> pending = values(m, "flink_taskmanager_job_task_operator_pendingRecords");
            List<Double> watermarks = values(m, "flink_taskmanager_job_task_operator_currentInputWatermark");
            return !pending.isEmpty() && pending.stream().allMatch(v -> v == 0d)
                    && !watermarks.isEmpty() && watermarks.stream().allMatch(w -> w >= finalWatermark);
        });
        Thread.sleep(FLUSH_SLACK.toMillis());
        awaitCheckpoints(metricsPort, 2, deadline);
        Map<String, String> last = snapshot.get();
        while (true) {
            awaitCheckpoints(metricsPort, 1, deadline);
            Map<String, String> now = snapshot.get();
            if (now.equals(last)) {
                return now;
            }
            last = now;
        }
    }

    private static void awaitCheckpoints(int metricsPort, int more, long deadline) throws InterruptedException {
        double from = values(scrape(metricsPort), COMPLETED_CHECKPOINTS).stream().mapToDouble(d -> d).max().orElse(0);
        while (values(scrape(metricsPort), COMPLETED_CHECKPOINTS).stream().mapToDouble(d -> d).max().orElse(0)
                < from + more) {
            assertThat(System.nanoTime()).as(more + " more checkpoints completed in time").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    /** The job's metrics in Prometheus text format. */
    static String scrape(int metricsPort) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";                                            // not serving yet: no series
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The values of every series (subtask, operator) of one metric. */
    static List<Double> values(String exposition, String name) {
        return exposition.lines().filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).toList();
    }
}
