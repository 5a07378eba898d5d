package io.streamrank.pipeline.bench;

import io.streamrank.pipeline.PipelineSettings;
import io.streamrank.testkit.EmbeddedKafka;
import io.streamrank.testkit.LocalRedis;
import io.streamrank.testkit.RedisNamespace;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
        DEFAULTS.put("jfr.freshness", "");
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
                        + "\n  --skip throughput|freshness   --jfr <file> records a profile of the throughput run, "
                        + "--jfr.freshness <file> of the first freshness run");
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
                new ThroughputRun(this).run(events, kafka, redis, ns);
            }
            if (!o.get("skip").equals("freshness")) {
                int run = 0;
                for (String rate : o.get("rate").split(",")) {
                    new FreshnessRun(this).run(events, kafka, redis, ns, Integer.parseInt(rate.trim()), run++);
                }
            }
        }
        say(String.format("load average at end: %.1f", loadAverage()));
        System.out.println();
        summary.forEach(System.out::println);
    }





    PipelineSettings settings(String topic, String group, String redisUri, String prefix, int metricsPort)
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





    String option(String name) {
        return o.get(name);
    }

    void summary(String line) {
        summary.add(line);
    }

    void say(String line) {
        System.out.println(line);
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** used_cpu_user + used_cpu_sys from Redis' INFO cpu. */
    static double redisCpuSeconds(String info) {
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

    static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
