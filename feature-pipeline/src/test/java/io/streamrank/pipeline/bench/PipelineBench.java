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
        // bin/bench-pipeline runs in the caller's directory and names the checkout, where the default data lies.
        DEFAULTS.put("data", Path.of(System.getProperty("streamrank.home", ""))
                .resolve("../shared/data/taobao-userbehavior/UserBehavior.time-slice-20171126.csv").normalize()
                .toString());
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

    static final String USAGE = """
            Usage: bin/bench-pipeline [--no-build] [--NAME VALUE ...]

            Replays the Taobao time slice (looped, with shifted ids and times) through the in-process Kafka broker,
            the feature job on a Flink MiniCluster and the local Redis (private prefix, deleted at the end). Prints
            the raw Kafka consume rate of the topic (the ceiling), the pipeline's sustained end-to-end rate over the
            same records and their ratio, the CPU per event, then freshness (event time to visible in Redis) at
            each fixed rate. A few minutes with the defaults.

              --data FILE                 Taobao CSV to replay (default: %s)
              --events N                  events in the throughput run, pre-produced (default: %s)
              --parallelism N             the job's parallelism (default: %s)
              --rate R1,R2                events/s of each freshness run, wall-clock event times (default: %s)
              --seconds S                 length of each freshness run (default: %s)
              --flush.interval D          the job's Redis flush interval (default: %s)
              --redis.batch N             keys per Redis write batch (default: %s)
              --checkpoint.interval D     the job's checkpoint interval (default: %s)
              --slide.writes true|false   rewrite values as windows slide (default: %s; false halves the writes)
              --skip throughput|freshness leave one part out
              --jfr FILE                  record a profile of the throughput run and print where its time went
              --jfr.freshness FILE        the same for the first freshness run
              --help                      show this help
            """.formatted(DEFAULTS.get("data"), DEFAULTS.get("events"), DEFAULTS.get("parallelism"),
            DEFAULTS.get("rate"), DEFAULTS.get("seconds"), DEFAULTS.get("flush.interval"), DEFAULTS.get("redis.batch"),
            DEFAULTS.get("checkpoint.interval"), DEFAULTS.get("slide.writes"));

    public static void main(String[] args) throws Exception {
        Map<String, String> o = BenchArgs.parse(args, DEFAULTS, USAGE);
        if (o == null) {
            return;
        }
        try {
            new PipelineBench(o).run();
        } catch (Exception | Error e) {
            // Exit non-zero: Kafka's and Flink's threads would otherwise keep the JVM (and the shell) waiting.
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    /**
     * Stops the job unless it already ended (a second cancel of a finished job fails). Its result future says so
     * without asking the cluster: the MiniCluster of a job run this way shuts down once the job has ended, and asking
     * it for the job's status then throws, which ended every run after a stopped job and lost its summary.
     */
    static void stopIfRunning(org.apache.flink.core.execution.JobClient job) throws Exception {
        if (!job.getJobExecutionResult().isDone() && !job.getJobStatus().get().isGloballyTerminalState()) {
            io.streamrank.pipeline.FeatureJob.stop(job);
        }
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
