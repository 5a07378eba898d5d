package io.streamrank.pipeline.smoke;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.event.EventCodec;
import io.streamrank.contract.event.EventType;
import io.streamrank.contract.features.FeatureCodec;
import io.streamrank.contract.features.RedisKeys;
import io.streamrank.testkit.EmbeddedKafka;
import io.streamrank.testkit.LocalRedis;
import io.streamrank.testkit.RedisNamespace;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Starts a standalone Flink 2.2.1 session cluster (a JobManager and a TaskManager, each its own JVM, on the Flink
 * classes only), submits the shaded job jar with Flink's own command line ({@code CliFrontend run}, what
 * {@code bin/flink run} executes), feeds it events through a Kafka broker and checks their features reach Redis.
 * Usage: {@code StandaloneClusterSmoke <job jar> <file with the Flink classpath> <work dir>}.
 */
public final class StandaloneClusterSmoke {

    private static final String[] ADD_OPENS = {"java.base/java.lang", "java.base/java.net", "java.base/java.io",
        "java.base/java.nio", "java.base/sun.nio.ch", "java.base/java.lang.reflect", "java.base/java.text",
        "java.base/java.time", "java.base/java.util", "java.base/java.util.concurrent",
        "java.base/java.util.concurrent.atomic", "java.base/java.util.concurrent.locks"};

    private final List<Process> processes = new ArrayList<>();
    private final Path work;
    private final String flinkClasspath;

    private StandaloneClusterSmoke(Path work, String flinkClasspath) {
        this.work = work;
        this.flinkClasspath = flinkClasspath;
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        String cp = Files.readString(Path.of(args[1])).trim();
        Path work = Files.createDirectories(Path.of(args[2]));
        StandaloneClusterSmoke smoke = new StandaloneClusterSmoke(work, cp);
        int code;
        try {
            code = smoke.run(jar);
        } finally {
            smoke.stopAll();
        }
        System.exit(code);
    }

    private int run(Path jar) throws Exception {
        int rpc = freePort();
        int rest = freePort();
        Path conf = Files.createDirectories(work.resolve("conf"));
        Files.writeString(conf.resolve("config.yaml"), String.join("\n",
                "jobmanager.rpc.address: localhost",
                "jobmanager.rpc.port: " + rpc,
                "jobmanager.bind-host: localhost",
                "jobmanager.memory.process.size: 1024m",
                "taskmanager.bind-host: localhost",
                "taskmanager.host: localhost",
                "taskmanager.numberOfTaskSlots: 2",
                // What bin/taskmanager.sh derives from taskmanager.memory.process.size and passes on: set explicitly
                // because this smoke starts the entry points with java directly.
                "taskmanager.cpu.cores: 2",
                "taskmanager.memory.framework.heap.size: 128m",
                "taskmanager.memory.task.heap.size: 384m",
                "taskmanager.memory.managed.size: 128m",
                "taskmanager.memory.framework.off-heap.size: 128m",
                "taskmanager.memory.task.off-heap.size: 0m",
                "taskmanager.memory.network.min: 64m",
                "taskmanager.memory.network.max: 64m",
                "taskmanager.memory.jvm-metaspace.size: 256m",
                "taskmanager.memory.jvm-overhead.min: 192m",
                "taskmanager.memory.jvm-overhead.max: 192m",
                "rest.address: localhost",
                "rest.bind-address: localhost",
                "rest.port: " + rest,
                "parallelism.default: 2",
                "classloader.resolve-order: child-first",
                ""));
        Files.writeString(conf.resolve("log4j.properties"), String.join("\n",
                "rootLogger.level = INFO", "rootLogger.appenderRef.file.ref = file",
                "appender.file.type = File", "appender.file.name = file",
                "appender.file.fileName = ${sys:log.file}", "appender.file.layout.type = PatternLayout",
                "appender.file.layout.pattern = %d{HH:mm:ss.SSS} %-5p %c{1} - %m%n", ""));

        try (EmbeddedKafka kafka = EmbeddedKafka.start(2, "clickstream", "clickstream-dlq");
             LocalRedis redis = LocalRedis.findOrStart();
             RedisNamespace ns = new RedisNamespace(redis.uri(), "cluster")) {
            System.out.println("Kafka at " + kafka.bootstrapServers() + ", Redis at " + redis.uri() + ", keys under "
                    + ns.prefix());
            start("jobmanager", conf, "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
                    "-Xmx512m");
            start("taskmanager", conf, "org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
                    "-Xmx512m", "-XX:MaxDirectMemorySize=256m", "-XX:MaxMetaspaceSize=256m");
            System.out.println("standalone cluster: JobManager REST on localhost:" + rest);

            List<String> submit = java(conf, "org.apache.flink.client.cli.CliFrontend", "client");
            submit.addAll(List.of("run", "--detached", jar.toAbsolutePath().toString(),
                    "--kafka.bootstrap", kafka.bootstrapServers(), "--redis.uri", redis.uri(),
                    "--redis.prefix", ns.prefix(), "--checkpoint.interval", "2s",
                    "--checkpoint.dir", work.resolve("checkpoints").toUri().toString()));
            System.out.println("$ flink run --detached " + jar + " --kafka.bootstrap ... --redis.uri ... "
                    + "--redis.prefix ...   (FLINK_CONF_DIR names the cluster's REST address)");
            ProcessBuilder pb = new ProcessBuilder(submit).redirectErrorStream(true);
            pb.environment().put("FLINK_CONF_DIR", conf.toString());
            Process client = pb.start();
            String out = new String(client.getInputStream().readAllBytes());
            client.waitFor(3, TimeUnit.MINUTES);
            System.out.println(out.lines().filter(l -> l.contains("JobID") || l.contains("Job has been submitted")
                    || l.contains("rror")).reduce("", (a, b) -> a + "  " + b + "\n"));
            if (client.exitValue() != 0) {
                System.out.println("SUBMISSION FAILED (exit " + client.exitValue() + "):\n" + out);
                return 1;
            }

            long now = System.currentTimeMillis();
            try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers",
                    kafka.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
                for (int i = 0; i < 100; i++) {
                    ClickEvent e = new ClickEvent("smoke-" + i, 1 + i % 5, 100 + i % 7, 3, EventType.CLICK,
                            now - 10_000 + i * 50);
                    p.send(new ProducerRecord<>("clickstream", Long.toString(e.userId()), EventCodec.encode(e)));
                }
            }
            RedisKeys keys = new RedisKeys(ns.prefix());
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (System.nanoTime() < deadline) {
                String v = ns.commands().get(keys.user(5));
                String item = ns.commands().get(keys.itemStats(106));
                if (v != null && FeatureCodec.decodeUser(v).recent().size() == 20 && item != null) {
                    System.out.printf("OK: the job running on the standalone cluster wrote user 5's features "
                            + "(%d recent items) and item 106's stats (%d clicks in 1 h) to Redis%n",
                            FeatureCodec.decodeUser(v).recent().size(),
                            FeatureCodec.decodeItemStats(item).last1h().clicks());
                    return 0;
                }
                Thread.sleep(500);
            }
            System.out.println("FAILED: no features in Redis within 3 minutes; logs in " + work);
            return 1;
        }
    }

    private List<String> java(Path conf, String main, String logName) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (String o : ADD_OPENS) {
            cmd.add("--add-opens=" + o + "=ALL-UNNAMED");
        }
        cmd.addAll(List.of("-Dlog.file=" + work.resolve(logName + ".log"),
                "-Dlog4j.configurationFile=" + conf.resolve("log4j.properties").toUri(),
                "-cp", flinkClasspath, main));
        return cmd;
    }

    private void start(String name, Path conf, String main, String... jvmOptions) throws IOException {
        List<String> cmd = java(conf, main, name);
        cmd.addAll(1, List.of(jvmOptions));
        cmd.addAll(List.of("--configDir", conf.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(work.resolve(name + ".out").toFile());
        pb.environment().put("FLINK_CONF_DIR", conf.toString());
        processes.add(pb.start());
    }

    private void stopAll() {
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            try {
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
