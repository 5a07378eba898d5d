package io.streamrank.pipeline.bench;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.event.EventCodec;
import io.streamrank.contract.event.EventType;
import io.streamrank.pipeline.FeatureJob;
import io.streamrank.testkit.EmbeddedKafka;
import io.streamrank.testkit.LocalRedis;
import io.streamrank.testkit.RedisNamespace;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The throughput part of {@link PipelineBench}: pre-produces the looped events, measures the raw consume rate of the
 * topic (the ceiling), then the job's sustained rate over the same records from the first event in to the last value
 * out (one end marker per partition), with the CPU the JVM and Redis spent per event.
 */
final class ThroughputRun {

    private final PipelineBench bench;

    ThroughputRun(PipelineBench bench) {
        this.bench = bench;
    }

    void run(BenchEvents events, EmbeddedKafka kafka, LocalRedis redis, RedisNamespace ns) throws Exception {
        long n = Long.parseLong(bench.option("events"));
        bench.say(String.format("producing %,d events to bench-throughput (2 partitions) ...", n));
        long t = System.nanoTime();
        events.produceLooped(kafka.bootstrapServers(), "bench-throughput", 2, n,
                i -> System.out.printf("  produced %,d%n", i));
        // One end marker per partition: once both are in Redis, every event before them has passed the job.
        long end = events.endOfLoop(n);
        try (KafkaProducer<String, byte[]> p = BenchEvents.producer(kafka.bootstrapServers(), 0)) {
            for (int part = 0; part < 2; part++) {
                long id = 990_000_000L + part;
                p.send(new ProducerRecord<>("bench-throughput", part, Long.toString(id), EventCodec.encode(
                        new ClickEvent("end-" + part, id, id, 1L, EventType.CLICK, end))));
            }
        }
        bench.say(String.format("  produced in %.1f s", (System.nanoTime() - t) / 1e9));

        double ceiling = rawConsume(kafka.bootstrapServers(), "bench-throughput", n + 2);
        bench.say(String.format("raw Kafka consume (1 consumer, byte[] records, same topic): %,.0f events/s", ceiling));

        int port = PipelineBench.freePort();
        String prefix = ns.prefix() + "t:";
        JobClient job = FeatureJob.start(bench.settings("bench-throughput", "bench-pipeline", redis.uri(), prefix, port));
        // Stopped here on every path: the namespace is cleared after this, and a job still running would write
        // its sliding-window values back under the cleared prefix.
        try {
            bench.say("feature job started; it reads the topic from the start until both end markers are in Redis "
                    + "(progress every 15 s) ...");
            Prometheus prom = new Prometheus(port);
            JfrSummary jfr = bench.option("jfr").isEmpty() ? null : new JfrSummary(Path.of(bench.option("jfr")));
            var r = ns.commands();
            long started = System.nanoTime();
            long cpu0 = PipelineBench.processCpuNanos();
            double redisCpu0 = PipelineBench.redisCpuSeconds(r.info("cpu"));
            long first = 0;
            List<double[]> timeline = new ArrayList<>();
            while (true) {
                Thread.sleep(1_000);
                double accepted = Prometheus.sum(prom.scrape(), Prometheus.OPERATOR + "streamrank_events_accepted", "");
                long now = System.nanoTime();
                if (first == 0 && accepted > 0) {
                    first = now;
                }
                timeline.add(new double[] {(now - started) / 1e9, accepted});
                if (timeline.size() % 15 == 0) {
                    bench.say(String.format("  %.0f s: %,.0f of %,d events accepted by the job", (now - started) / 1e9,
                            accepted, n + 2));
                }
                boolean done = true;
                for (int part = 0; part < 2; part++) {
                    long id = 990_000_000L + part;
                    done &= r.exists(prefix + "u:" + id) == 1 && r.exists(prefix + "is:" + id) == 1;
                }
                if (done) {
                    break;
                }
                if (now - started > Duration.ofMinutes(20).toNanos()) {
                    throw new IllegalStateException("the pipeline did not finish within 20 minutes");
                }
            }
            if (first == 0) {
                // The rate is timed from the first accepted event the job's metrics showed: without one it is noise.
                throw new IllegalStateException("the job's metrics on port " + port + " never showed an accepted "
                        + "event, although its values reached Redis: no rate can be computed");
            }
            double seconds = (System.nanoTime() - first) / 1e9;
            double rate = (n + 2) / seconds;
            double jvmCpu = (PipelineBench.processCpuNanos() - cpu0) / 1e9;
            double redisCpu = PipelineBench.redisCpuSeconds(r.info("cpu")) - redisCpu0;
            double wall = (System.nanoTime() - started) / 1e9;
            if (jfr != null) {
                jfr.stopAndPrint(bench::say, 15);
                jfr.close();
            }
            String metrics = prom.scrape();
            FeatureJob.stop(job);
            printTimeline(timeline);
            bench.say(String.format("pipeline end to end (Kafka -> job -> Redis, parallelism %s): %,.0f events/s "
                    + "(%,d events in %.1f s from the first event in to the last value out)",
                    bench.option("parallelism"), rate, n + 2, seconds));
            bench.say(String.format("  Redis: %,.0f writes coalesced into %,.0f commands in %,.0f round trips; "
                    + "%,.0f duplicates dropped, %,.0f late events dropped",
                    Prometheus.sum(metrics, Prometheus.OPERATOR + "streamrank_redis_writes", ""),
                    Prometheus.sum(metrics, Prometheus.OPERATOR + "streamrank_redis_commands", ""),
                    Prometheus.sum(metrics, Prometheus.OPERATOR + "streamrank_redis_batches", ""),
                    Prometheus.sum(metrics, Prometheus.OPERATOR + "streamrank_events_duplicate", ""),
                    Prometheus.sum(metrics, Prometheus.OPERATOR + "streamrank_events_late_dropped", "")));
            bench.say(String.format("  CPU while the job ran (%.1f s from submit): this JVM (job, broker, client) %.1f s = %.1f us/event, "
                    + "Redis server %.1f s = %.1f us/event (all its clients); %.2f of %d cores busy with this work",
                    wall, jvmCpu, 1e6 * jvmCpu / n, redisCpu, 1e6 * redisCpu / n, (jvmCpu + redisCpu) / wall,
                    Runtime.getRuntime().availableProcessors()));
            bench.summary(String.format("CPU COST    %.0f us of JVM CPU + %.0f us of Redis CPU per event => at most ~%,.0f events/s "
                    + "if this work had both cores to itself", 1e6 * jvmCpu / n, 1e6 * redisCpu / n,
                    Runtime.getRuntime().availableProcessors() / ((jvmCpu + redisCpu) / n)));
            bench.summary(String.format("THROUGHPUT  pipeline %,.0f events/s | raw Kafka consume ceiling %,.0f events/s "
                    + "| ratio %.1f%%   (goals: >= 100,000 events/s, >= 50%% of the ceiling)",
                    rate, ceiling, 100 * rate / ceiling));
        } finally {
            PipelineBench.stopIfRunning(job);
        }
    }

    private double rawConsume(String bootstrap, String topic, long expected) {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap,
                "group.id", "bench-raw-" + System.nanoTime(), "auto.offset.reset", "earliest",
                "max.poll.records", 5_000), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            long count = 0;
            long first = 0;
            long bytes = 0;
            while (count < expected) {
                var records = c.poll(Duration.ofMillis(500));
                if (first == 0 && !records.isEmpty()) {
                    first = System.nanoTime();
                }
                for (var rec : records) {
                    bytes += rec.value().length;
                    count++;
                }
            }
            double rate = count / ((System.nanoTime() - first) / 1e9);
            bench.say(String.format("  (%,d records, %.0f MB of values)", count, bytes / 1e6));
            return rate;
        }
    }

    private void printTimeline(List<double[]> timeline) {
        StringBuilder sb = new StringBuilder("  progress (time since submit: events/s in, over ~2 s):");
        double[] prev = null;
        for (double[] p : timeline) {
            if (prev == null || p[0] - prev[0] >= 1.9) {
                if (prev != null && p[1] > 0) {
                    sb.append(String.format(" %.0fs:%,.0f", p[0], (p[1] - prev[1]) / (p[0] - prev[0])));
                }
                prev = p;
            }
        }
        bench.say(sb.toString());
    }
}
