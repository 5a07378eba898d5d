package io.streamrank.pipeline.bench;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.event.EventCodec;
import io.streamrank.pipeline.FeatureJob;
import io.streamrank.testkit.EmbeddedKafka;
import io.streamrank.testkit.LocalRedis;
import io.streamrank.testkit.RedisNamespace;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The freshness part of {@link PipelineBench}: a fresh job on its own topic, events produced at a fixed rate with the
 * wall clock as event time, and {@link FreshnessProbe} measuring how long each sampled event takes to be visible in
 * Redis; the job's own lag histogram is printed next to it.
 */
final class FreshnessRun {

    private final PipelineBench bench;

    FreshnessRun(PipelineBench bench) {
        this.bench = bench;
    }

    void run(BenchEvents events, EmbeddedKafka kafka, LocalRedis redis, RedisNamespace ns, int rate, int run)
            throws Exception {
        int seconds = Integer.parseInt(bench.option("seconds"));
        int port = PipelineBench.freePort();
        String topic = "bench-fresh-" + run;
        kafka.createTopics(topic);
        String prefix = ns.prefix() + "f" + run + ":";
        JobClient job = FeatureJob.start(bench.settings(topic, topic, redis.uri(), prefix, port));
        // Stopped here on every path: the namespace is cleared after this, and a job still running would write
        // its sliding-window values back under the cleared prefix.
        try {
            while (job.getJobStatus().get() != JobStatus.RUNNING) {
                Thread.sleep(100);
            }
            Thread.sleep(3_000);
            JfrSummary jfr = run > 0 || bench.option("jfr.freshness").isEmpty() ? null
                    : new JfrSummary(java.nio.file.Path.of(bench.option("jfr.freshness")));
            bench.say(String.format("freshness: producing %,d events/s stamped with the wall clock for 5 s warm-up + %d s ...",
                    rate, seconds));
            long sampleEvery = Math.max(1, rate / 200);
            long[] sorted;
            int unresolved;
            long produced = 0;
            long begin;
            long cpu0;
            double redisCpu0;
            double achieved;
            double jvmCpu;
            double redisCpu;
            try (FreshnessProbe probe = new FreshnessProbe(redis.uri(), prefix);
                 KafkaProducer<String, byte[]> producer = BenchEvents.producer(kafka.bootstrapServers(), 5)) {
                long warmup = 5L * rate;
                long total = warmup + (long) seconds * rate;
                begin = System.nanoTime();
                cpu0 = PipelineBench.processCpuNanos();
                redisCpu0 = PipelineBench.redisCpuSeconds(redisInfo(redis));
                for (long i = 0; i < total; i++) {
                    long due = begin + i * 1_000_000_000L / rate;
                    long wait = due - System.nanoTime();
                    if (wait > 200_000) {
                        LockSupport.parkNanos(wait);
                    }
                    ClickEvent e = events.live(i, System.currentTimeMillis());
                    producer.send(new ProducerRecord<>(topic, (int) (e.userId() % 2),
                            Long.toString(e.userId()), EventCodec.encode(e)));
                    if (i >= warmup && i % sampleEvery == 0) {
                        probe.sample(e.userId(), e.timestamp());
                    }
                    produced++;
                }
                producer.flush();
                // Measured over the producing only (the wait for the last probes below would dilute it).
                achieved = produced / ((System.nanoTime() - begin) / 1e9);
                jvmCpu = (PipelineBench.processCpuNanos() - cpu0) / 1e9;
                redisCpu = PipelineBench.redisCpuSeconds(redisInfo(redis)) - redisCpu0;
                sorted = probe.finish(Duration.ofSeconds(30));
                unresolved = probe.unresolved();
            }
            if (jfr != null) {
                jfr.stopAndPrint(bench::say, 15);
                jfr.close();
            }
            String metrics = new Prometheus(port).scrape();
            FeatureJob.stop(job);
            String lag = Prometheus.OPERATOR + "streamrank_event_to_redis_lag_ms";
            bench.say(String.format("  produced at %,.0f events/s; %,d probes: p50 %s, p90 %s, p99 %s, max %s%s",
                    achieved, sorted.length, FreshnessProbe.ms(FreshnessProbe.quantile(sorted, 0.5)),
                    FreshnessProbe.ms(FreshnessProbe.quantile(sorted, 0.9)),
                    FreshnessProbe.ms(FreshnessProbe.quantile(sorted, 0.99)),
                    FreshnessProbe.ms(sorted.length == 0 ? -1 : sorted[sorted.length - 1]),
                    unresolved > 0 ? " (" + unresolved + " never seen, ranked slowest)" : ""));
            bench.say(String.format("  CPU per event while producing (this JVM: producer, probe, broker, job; and Redis): "
                    + "%.0f us + %.0f us", 1e6 * jvmCpu / produced, 1e6 * redisCpu / produced));
            bench.say(String.format("  job's own event-time -> Redis-write lag (worst sink subtask, last 10k writes): "
                    + "p50 %.0f ms, p99 %.0f ms", Prometheus.maxQuantile(metrics, lag, "0.5"),
                    Prometheus.maxQuantile(metrics, lag, "0.99")));
            bench.summary(String.format("FRESHNESS   at %,.0f events/s: p50 %s, p99 %s (event time -> visible in "
                    + "Redis, %,d probes)   (goal: p99 <= 1,000 ms)", achieved,
                    FreshnessProbe.ms(FreshnessProbe.quantile(sorted, 0.5)),
                    FreshnessProbe.ms(FreshnessProbe.quantile(sorted, 0.99)), sorted.length));
        } finally {
            PipelineBench.stopIfRunning(job);
        }
    }

    private static String redisInfo(LocalRedis redis) {
        io.lettuce.core.RedisClient c = io.lettuce.core.RedisClient.create(redis.uri());
        try (var conn = c.connect()) {
            return conn.sync().info("cpu");
        } finally {
            c.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        }
    }
}
