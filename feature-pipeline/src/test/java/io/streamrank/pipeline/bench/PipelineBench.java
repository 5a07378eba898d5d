package io.streamrank.pipeline.bench;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.event.EventCodec;
import io.streamrank.contract.event.EventType;
import io.streamrank.pipeline.FeatureJob;
import io.streamrank.pipeline.PipelineSettings;
import io.streamrank.testkit.EmbeddedKafka;
import io.streamrank.testkit.LocalRedis;
import io.streamrank.testkit.RedisNamespace;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * {@code bin/bench-pipeline}: replays the Taobao time slice (looped) through the real in-process Kafka broker, the
 * feature job on a Flink MiniCluster and the local Redis, and prints (1) the raw Kafka consume rate of the topic (the
 * ceiling), (2) the sustained end-to-end rate of the pipeline over the same records and their ratio, (3) freshness
 * (event time to visible in Redis) at a fixed lower rate. Options: {@code --help}.
 */
public final class PipelineBench {

    private static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

    static {
        DEFAULTS.put("data", "../shared/data/taobao-userbehavior/UserBehavior.time-slice-20171126.csv");
        DEFAULTS.put("events", "3000000");
        DEFAULTS.put("parallelism", "2");
        DEFAULTS.put("rate", "20000,5000");
        DEFAULTS.put("seconds", "30");
        DEFAULTS.put("flush.interval", "100ms");
        DEFAULTS.put("redis.batch", "1000");
        DEFAULTS.put("checkpoint.interval", "10s");
        DEFAULTS.put("slide.writes", "true");
        DEFAULTS.put("skip", "");
        DEFAULTS.put("jfr", "");
    }

    private final Map<String, String> o;
    private final List<String> summary = new ArrayList<>();

    private PipelineBench(Map<String, String> options) {
        this.o = options;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new LinkedHashMap<>(DEFAULTS);
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--help") || !args[i].startsWith("--") || i + 1 >= args.length
                    || !o.containsKey(args[i].substring(2))) {
                System.out.println("bin/bench-pipeline [--name value ...]; defaults: " + DEFAULTS
                        + "\n  --skip throughput|freshness   --jfr <file> records a profile of the throughput run");
                return;
            }
            o.put(args[i].substring(2), args[++i]);
        }
        new PipelineBench(o).run();
        System.exit(0);
    }

    private void run() throws Exception {
        say("== Streamrank feature pipeline benchmark ==");
        say(String.format("machine: %d cores, load average %.1f at start (shared machine: other work competes)",
                Runtime.getRuntime().availableProcessors(), loadAverage()));
        BenchEvents events = BenchEvents.taobao(Path.of(o.get("data")));
        say(String.format("data: %s (%,d events, looped with shifted ids and times)", o.get("data"),
                events.sliceSize()));
        try (EmbeddedKafka kafka = EmbeddedKafka.start(2, "bench-throughput", "bench-fresh", "clickstream-dlq");
             LocalRedis redis = LocalRedis.findOrStart();
             RedisNamespace ns = new RedisNamespace(redis.uri(), "bench")) {
            kafkaBootstrap = kafka.bootstrapServers();
            if (!o.get("skip").equals("throughput")) {
                throughput(events, kafka, redis, ns);
            }
            if (!o.get("skip").equals("freshness")) {
                int run = 0;
                for (String rate : o.get("rate").split(",")) {
                    freshness(events, kafka, redis, ns, Integer.parseInt(rate.trim()), run++);
                }
            }
        }
        say(String.format("load average at end: %.1f", loadAverage()));
        System.out.println();
        summary.forEach(System.out::println);
    }

    private void throughput(BenchEvents events, EmbeddedKafka kafka, LocalRedis redis, RedisNamespace ns)
            throws Exception {
        long n = Long.parseLong(o.get("events"));
        say(String.format("producing %,d events to bench-throughput (2 partitions) ...", n));
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
        say(String.format("  produced in %.1f s", (System.nanoTime() - t) / 1e9));

        double ceiling = rawConsume(kafka.bootstrapServers(), "bench-throughput", n + 2);
        say(String.format("raw Kafka consume (1 consumer, byte[] records, same topic): %,.0f events/s", ceiling));

        int port = freePort();
        String prefix = ns.prefix() + "t:";
        JobClient job = FeatureJob.start(settings("bench-throughput", "bench-pipeline", redis.uri(), prefix, port));
        Prometheus prom = new Prometheus(port);
        JfrSummary jfr = o.get("jfr").isEmpty() ? null : new JfrSummary(Path.of(o.get("jfr")));
        var r = ns.commands();
        long started = System.nanoTime();
        long cpu0 = processCpuNanos();
        double redisCpu0 = redisCpuSeconds(r.info("cpu"));
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
        double seconds = (System.nanoTime() - first) / 1e9;
        double rate = (n + 2) / seconds;
        double jvmCpu = (processCpuNanos() - cpu0) / 1e9;
        double redisCpu = redisCpuSeconds(r.info("cpu")) - redisCpu0;
        double wall = (System.nanoTime() - started) / 1e9;
        if (jfr != null) {
            jfr.stopAndPrint(this::say, 15);
            jfr.close();
        }
        String metrics = prom.scrape();
        job.cancel().get();
        printTimeline(timeline);
        say(String.format("pipeline end to end (Kafka -> job -> Redis, parallelism %s): %,.0f events/s "
                + "(%,d events in %.1f s from the first event in to the last value out)",
                o.get("parallelism"), rate, n + 2, seconds));
        say(String.format("  Redis: %,.0f writes coalesced into %,.0f commands in %,.0f round trips; "
                + "%,.0f duplicates dropped, %,.0f late events dropped",
                Prometheus.sum(metrics, Prometheus.OPERATOR + "streamrank_redis_writes", ""),
                Prometheus.sum(metrics, Prometheus.OPERATOR + "streamrank_redis_commands", ""),
                Prometheus.sum(metrics, Prometheus.OPERATOR + "streamrank_redis_batches", ""),
                Prometheus.sum(metrics, Prometheus.OPERATOR + "streamrank_events_duplicate", ""),
                Prometheus.sum(metrics, Prometheus.OPERATOR + "streamrank_events_late_dropped", "")));
        say(String.format("  CPU while the job ran (%.1f s from submit): this JVM (job, broker, client) %.1f s = %.1f us/event, "
                + "Redis server %.1f s = %.1f us/event (all its clients); %.2f of %d cores busy with this work",
                wall, jvmCpu, 1e6 * jvmCpu / n, redisCpu, 1e6 * redisCpu / n, (jvmCpu + redisCpu) / wall,
                Runtime.getRuntime().availableProcessors()));
        summary.add(String.format("CPU COST    %.0f us of JVM CPU + %.0f us of Redis CPU per event => at most ~%,.0f events/s "
                + "if this work had both cores to itself", 1e6 * jvmCpu / n, 1e6 * redisCpu / n,
                Runtime.getRuntime().availableProcessors() / ((jvmCpu + redisCpu) / n)));
        summary.add(String.format("THROUGHPUT  pipeline %,.0f events/s | raw Kafka consume ceiling %,.0f events/s "
                + "| ratio %.0f%%   (goals: >= 100,000 events/s, >= 50%% of the ceiling)",
                rate, ceiling, 100 * rate / ceiling));
    }

    private void freshness(BenchEvents events, EmbeddedKafka kafka, LocalRedis redis, RedisNamespace ns, int rate,
                           int run) throws Exception {
        int seconds = Integer.parseInt(o.get("seconds"));
        int port = freePort();
        String topic = "bench-fresh-" + run;
        kafka.createTopics(topic);
        String prefix = ns.prefix() + "f" + run + ":";
        JobClient job = FeatureJob.start(settings(topic, topic, redis.uri(), prefix, port));
        while (job.getJobStatus().get() != JobStatus.RUNNING) {
            Thread.sleep(100);
        }
        Thread.sleep(3_000);
        say(String.format("freshness: producing %,d events/s stamped with the wall clock for 5 s warm-up + %d s ...",
                rate, seconds));
        long sampleEvery = Math.max(1, rate / 200);
        long[] sorted;
        int unresolved;
        long produced = 0;
        long begin;
        try (FreshnessProbe probe = new FreshnessProbe(redis.uri(), prefix);
             KafkaProducer<String, byte[]> producer = BenchEvents.producer(kafka.bootstrapServers(), 5)) {
            long warmup = 5L * rate;
            long total = warmup + (long) seconds * rate;
            begin = System.nanoTime();
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
            sorted = probe.finish(Duration.ofSeconds(30));
            unresolved = probe.unresolved();
        }
        double achieved = produced / ((System.nanoTime() - begin) / 1e9);
        String metrics = new Prometheus(port).scrape();
        job.cancel().get();
        String lag = Prometheus.OPERATOR + "streamrank_event_to_redis_lag_ms";
        say(String.format("  produced at %,.0f events/s; %,d probes: p50 %d ms, p90 %d ms, p99 %d ms, max %d ms%s",
                achieved, sorted.length, FreshnessProbe.quantile(sorted, 0.5), FreshnessProbe.quantile(sorted, 0.9),
                FreshnessProbe.quantile(sorted, 0.99), sorted.length == 0 ? -1 : sorted[sorted.length - 1],
                unresolved > 0 ? " (" + unresolved + " never seen)" : ""));
        say(String.format("  job's own event-time -> Redis-write lag (worst sink subtask, last 10k writes): "
                + "p50 %.0f ms, p99 %.0f ms", Prometheus.maxQuantile(metrics, lag, "0.5"),
                Prometheus.maxQuantile(metrics, lag, "0.99")));
        summary.add(String.format("FRESHNESS   at %,.0f events/s: p50 %d ms, p99 %d ms (event time -> visible in "
                + "Redis, %,d probes)   (goal: p99 <= 1,000 ms)", achieved, FreshnessProbe.quantile(sorted, 0.5),
                FreshnessProbe.quantile(sorted, 0.99), sorted.length));
    }

    private PipelineSettings settings(String topic, String group, String redisUri, String prefix, int metricsPort)
            throws Exception {
        Path checkpoints = Files.createTempDirectory("bench-checkpoints");
        return PipelineSettings.fromArgs(new String[] {
            "--kafka.bootstrap", kafkaBootstrap, "--topic", topic, "--group.id", group, "--redis.uri", redisUri,
            "--redis.prefix", prefix, "--parallelism", o.get("parallelism"),
            "--checkpoint.interval", o.get("checkpoint.interval"),
            "--checkpoint.dir", checkpoints.toUri().toString(), "--flush.interval", o.get("flush.interval"),
            "--redis.batch", o.get("redis.batch"), "--slide.writes", o.get("slide.writes"),
            "--metrics.port", Integer.toString(metricsPort)});
    }

    private String kafkaBootstrap;

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
            say(String.format("  (%,d records, %.0f MB of values)", count, bytes / 1e6));
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
        say(sb.toString());
    }

    private void say(String line) {
        System.out.println(line);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** used_cpu_user + used_cpu_sys from Redis' INFO cpu. */
    private static double redisCpuSeconds(String info) {
        double sum = 0;
        for (String l : info.lines().toList()) {
            if (l.startsWith("used_cpu_user:") || l.startsWith("used_cpu_sys:")) {
                sum += Double.parseDouble(l.substring(l.indexOf(':') + 1).trim());
            }
        }
        return sum;
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
