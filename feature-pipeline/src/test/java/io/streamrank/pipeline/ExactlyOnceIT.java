package io.streamrank.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.event.EventType;
import io.streamrank.contract.features.FeatureCodec;
import io.streamrank.contract.features.RedisKeys;
import io.streamrank.pipeline.Clickstream.Raw;
import io.streamrank.testkit.EmbeddedKafka;
import io.streamrank.testkit.LocalRedis;
import io.streamrank.testkit.RedisNamespace;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once effect: the real job (Kafka source, Redis sink, dead-letter topic) runs twice over the same recorded
 * input on a MiniCluster, once undisturbed (heap state) and once failing mid-stream and restoring from its last
 * checkpoint (fixed-delay restart; RocksDB state with incremental checkpoints, so that configuration is exercised
 * too). The values left in Redis must be the same.
 */
class ExactlyOnceIT {

    private static final String TOPIC = "eo-clickstream";
    private static final long T0 = 1_764_000_000_000L;

    private static EmbeddedKafka kafka;
    private static LocalRedis redis;

    @BeforeAll
    static void infrastructure() {
        kafka = EmbeddedKafka.start(2, TOPIC, "clickstream-dlq");
        redis = LocalRedis.findOrStart();
    }

    @AfterAll
    static void tearDown() {
        kafka.close();
        redis.close();
    }

    @Test
    void aFailureMidStreamRestoredFromTheCheckpointLeavesTheSameValuesAsARunWithoutFailure(@TempDir Path tmp)
            throws Exception {
        List<ClickEvent> events = SyntheticClickstream.generate(7L, 6_000, T0, Duration.ofMinutes(90).toMillis());
        List<Raw> records = new ArrayList<>();
        Random r = new Random(7L);
        for (int i = 0; i < events.size(); i++) {
            ClickEvent e = events.get(i);
            records.add(Raw.of(e));
            if (i % 97 == 0) {
                records.add(Raw.of(e));                                        // a duplicate
            }
            if (i % 500 == 250) {
                records.add(Raw.text(e.userId(), "{not json " + i));
                records.add(Raw.of(new ClickEvent("late-" + i, e.userId(), e.itemId(), e.categoryId(),
                        EventType.CLICK, e.timestamp() - Duration.ofMinutes(10 + r.nextInt(20)).toMillis())));
            }
        }
        Clickstream.produce(kafka.bootstrapServers(), TOPIC, 2, records);
        Map<Long, Long> lastEventOfUser = new HashMap<>();
        events.forEach(e -> lastEventOfUser.merge(e.userId(), e.timestamp(), Math::max));
        // The watermark the input ends with: the earlier of the two partitions' newest events less the default
        // out-of-orderness (2 s) and 1 ms (the late events added above are older, they do not move it).
        long finalWatermark = events.stream().collect(Collectors.groupingBy(e -> e.userId() % 2,
                Collectors.summarizingLong(ClickEvent::timestamp))).values().stream()
                .mapToLong(LongSummaryStatistics::getMax).min().orElseThrow() - 2_000 - 1;

        Run undisturbed;
        try (RedisNamespace ns = new RedisNamespace(redis.uri(), "eo-clean")) {
            undisturbed = run(ns, "clean", tmp.resolve("clean"), lastEventOfUser, finalWatermark, 0, "hashmap",
                    "false");
        }
        Run restored;
        try (RedisNamespace ns = new RedisNamespace(redis.uri(), "eo-fail")) {
            restored = run(ns, "fail", tmp.resolve("fail"), lastEventOfUser, finalWatermark, 1_200, "rocksdb",
                    "true");
        }

        assertThat(FailOnce.FAILED).as("the failure was injected").isTrue();
        assertThat(restored.sharedFiles()).as("incremental RocksDB checkpoints share SST files").isPositive();
        assertThat(undisturbed.sharedFiles()).isZero();
        assertCheckpointedAlike(undisturbed.values(), restored.values(), lastEventOfUser);
    }

    private static void assertCheckpointedAlike(Map<String, String> undisturbed, Map<String, String> restored,
                                                Map<Long, Long> lastEventOfUser) {
        assertThat(undisturbed.keySet()).filteredOn(k -> k.startsWith("u:")).hasSize(lastEventOfUser.size());
        assertThat(undisturbed.keySet()).anyMatch(k -> k.startsWith("cv:")).anyMatch(k -> k.startsWith("pop:c:"))
                .anyMatch(k -> k.startsWith("is:")).anyMatch(k -> k.startsWith("ua:"));
        assertThat(FeatureSnapshot.differences(undisturbed, restored)).as("keys whose values differ").isEmpty();
        assertThat(restored).isEqualTo(undisturbed);
    }

    /**
     * Files in the checkpoints' {@code shared} folders. While the job runs Flink removes the checkpoints a newer one
     * subsumed ({@code chk-N}), so a folder can vanish under the walk (a clean-clone CI run lost to that, 2026-12-05):
     * what vanished is skipped. The {@code shared} folder itself stays while the job runs.
     */
    private static long sharedFiles(Path checkpoints) throws IOException {
        long[] count = {0};
        Files.walkFileTree(checkpoints, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (file.getParent().getFileName().toString().equals("shared")) {
                    count[0]++;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                return skipVanished(e);
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                return e == null ? FileVisitResult.CONTINUE : skipVanished(e);
            }
        });
        return count[0];
    }

    private static FileVisitResult skipVanished(IOException e) throws IOException {
        if (e instanceof NoSuchFileException || e.getCause() instanceof NoSuchFileException) {
            return FileVisitResult.CONTINUE;
        }
        throw e;
    }

    /** A run's feature values, and how many files its checkpoints held in their {@code shared} folders. */
    private record Run(Map<String, String> values, long sharedFiles) {
    }

    private static Run run(RedisNamespace ns, String name, Path checkpoints, Map<Long, Long> lastEventOfUser,
                           long finalWatermark, long failAfter, String stateBackend, String incremental)
            throws Exception {
        Files.createDirectories(checkpoints);
        int metricsPort = FeatureJobIT.freePort();
        PipelineSettings settings = PipelineSettings.fromArgs(new String[] {
            "--kafka.bootstrap", kafka.bootstrapServers(), "--topic", TOPIC, "--group.id", "eo-" + name,
            "--redis.uri", redis.uri(), "--redis.prefix", ns.prefix(), "--parallelism", "2",
            "--checkpoint.interval", "300ms", "--checkpoint.dir", checkpoints.toUri().toString(),
            "--restart.delay", "200ms", "--idleness", "0", "--state.backend", stateBackend,
            "--checkpoint.incremental", incremental, "--metrics.port", Integer.toString(metricsPort)});
        JobClient job = FeatureJob.start(settings, o -> failAfter == 0 ? o
                : o.withTap(s -> s.map(new FailOnce(failAfter)).name("fail-once").uid("fail-once")));
        try {
            RedisKeys keys = new RedisKeys(ns.prefix());
            var r = ns.commands();
            Clickstream.await(name + ": every user's newest event in Redis", Duration.ofMinutes(3), () ->
                    lastEventOfUser.entrySet().stream().allMatch(e -> {
                        String v = r.get(keys.user(e.getKey()));
                        return v != null && FeatureCodec.decodeUser(v).lastEventAt() == e.getValue();
                    }));
            Map<String, String> values = Clickstream.awaitSettled(metricsPort, finalWatermark,
                    () -> FeatureSnapshot.read(r, ns.prefix()), Duration.ofMinutes(2));
            for (String key : values.keySet()) {
                assertThat(r.pttl(ns.prefix() + key)).as(name + ": TTL of " + key).isPositive();
            }
            // Counted while the job runs: once it is cancelled Flink discards its checkpoints in the background, and
            // a walk after the cancellation raced that discard (it lost once on a busy machine, 2026-12-02).
            return new Run(values, sharedFiles(checkpoints));
        } finally {
            job.cancel().get();
        }
    }
}
