package io.streamrank.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.event.EventCodec;
import io.streamrank.contract.event.EventType;
import io.streamrank.contract.features.FeatureCodec;
import io.streamrank.contract.features.RedisKeys;
import io.streamrank.contract.features.UserFeatures;
import io.streamrank.pipeline.Clickstream.Raw;
import io.streamrank.pipeline.batch.BatchFeatureJob;
import io.streamrank.pipeline.batch.FeatureRow;
import io.streamrank.testkit.EmbeddedKafka;
import io.streamrank.testkit.LocalRedis;
import io.streamrank.testkit.RedisNamespace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Offline/online parity: one recorded file goes through the streaming job (Kafka → Flink → Redis) and through the
 * batch path ({@link BatchFeatureJob} over the file); every user and item value left in Redis must equal the batch
 * path's value at the same cut-off, and the batch path's point-in-time rows must never see the event they precede.
 */
class ParityIT {

    private static final String TOPIC = "parity-clickstream";
    private static final long T0 = 1_764_000_000_000L;
    private static final long OUT_OF_ORDERNESS_MS = 2_000L;

    private static EmbeddedKafka kafka;
    private static LocalRedis redis;
    private static RedisNamespace ns;

    @BeforeAll
    static void infrastructure() {
        kafka = EmbeddedKafka.start(2, TOPIC, "clickstream-dlq");
        redis = LocalRedis.findOrStart();
        ns = new RedisNamespace(redis.uri(), "parity");
    }

    @AfterAll
    static void tearDown() {
        ns.close();
        kafka.close();
        redis.close();
    }

    @Test
    void theStreamingJobAndTheBatchPathComputeTheSameFeaturesFromOneRecording(@TempDir Path tmp) throws Exception {
        List<ClickEvent> events = new ArrayList<>(
                SyntheticClickstream.generate(11L, 4_000, T0, Duration.ofMinutes(80).toMillis()));
        long end = events.get(events.size() - 1).timestamp() + 10_000;
        // One closing event per partition, so both partitions end at the same time: the stream's final watermark is
        // then known (end - out-of-orderness - 1) and the batch path is cut off there.
        events.add(new ClickEvent("close-0", 900_000L, 1L, 1L, EventType.IMPRESSION, end));
        events.add(new ClickEvent("close-1", 900_001L, 1L, 1L, EventType.IMPRESSION, end));
        List<String> lines = new ArrayList<>();
        List<Raw> records = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            ClickEvent e = events.get(i);
            String json = new String(EventCodec.encode(e), StandardCharsets.UTF_8);
            lines.add(json);
            records.add(Raw.of(e));
            if (i % 50 == 0) {
                lines.add(json);                                  // recorded twice: both paths must drop it
                records.add(Raw.of(e));
            }
        }
        Path recording = tmp.resolve("recording.jsonl");
        Files.write(recording, lines, StandardCharsets.UTF_8);
        Clickstream.produce(kafka.bootstrapServers(), TOPIC, 2, records);

        long cutoff = end - OUT_OF_ORDERNESS_MS - 1;
        Map<String, String> online = stream(events, cutoff);

        BatchFeatureJob.run(new BatchFeatureJob.Settings(recording, tmp.resolve("batch"), cutoff, ns.prefix(), 2,
                Duration.ofHours(1)));
        List<FeatureRow> rows = readRows(tmp.resolve("batch"));
        Map<String, String> offline = new TreeMap<>();
        rows.stream().filter(r -> r.kind.equals(FeatureRow.FINAL)).forEach(r -> offline.put(
                r.key.substring(ns.prefix().length()),
                FeatureSnapshot.normalize(r.key.substring(ns.prefix().length()), r.value)));

        Map<String, String> onlineValues = new TreeMap<>(online);
        onlineValues.keySet().removeIf(k -> k.startsWith("pop:") || k.startsWith("cv:"));
        assertThat(onlineValues.keySet()).anyMatch(k -> k.startsWith("ua:")).anyMatch(k -> k.startsWith("is:"));
        assertThat(FeatureSnapshot.differences(onlineValues, offline)).as("keys whose values differ").isEmpty();
        assertThat(offline).isEqualTo(onlineValues);

        // Point in time: the row before each event is evaluated at its time and knows only earlier events.
        Map<String, Long> eventTime = new HashMap<>();
        events.forEach(e -> eventTime.put(e.eventId(), e.timestamp()));
        List<FeatureRow> userRows = rows.stream().filter(r -> r.kind.equals(FeatureRow.POINT_IN_TIME)
                && r.key.startsWith(ns.prefix() + "u:")).toList();
        assertThat(userRows).hasSize(events.size() - (int) events.stream().map(ClickEvent::userId).distinct().count());
        for (FeatureRow r : userRows) {
            UserFeatures before = FeatureCodec.decodeUser(r.value);
            assertThat(before.asOf()).isEqualTo(eventTime.get(r.eventId));
            assertThat(before.lastEventAt()).as("no leakage into " + r.eventId).isLessThan(r.timestamp);
            assertThat(before.recent()).allMatch(x -> x.timestamp() < r.timestamp);
        }
        assertThat(rows.stream().filter(r -> r.kind.equals(FeatureRow.POINT_IN_TIME)
                && r.key.startsWith(ns.prefix() + "is:"))).isNotEmpty();
    }

    /** The values the streaming job leaves in Redis once its watermark has reached {@code finalWatermark}. */
    private static Map<String, String> stream(List<ClickEvent> events, long finalWatermark) throws Exception {
        Map<Long, Long> lastEventOfUser = new HashMap<>();
        events.forEach(e -> lastEventOfUser.merge(e.userId(), e.timestamp(), Math::max));
        int metricsPort = FeatureJobIT.freePort();
        JobClient job = FeatureJob.start(PipelineSettings.fromArgs(new String[] {
            "--kafka.bootstrap", kafka.bootstrapServers(), "--topic", TOPIC, "--group.id", "parity",
            "--redis.uri", redis.uri(), "--redis.prefix", ns.prefix(), "--parallelism", "2",
            "--checkpoint.interval", "1s", "--idleness", "0", "--metrics.port", Integer.toString(metricsPort)}));
        try {
            RedisKeys keys = new RedisKeys(ns.prefix());
            var r = ns.commands();
            Clickstream.await("every user's newest event in Redis", Duration.ofMinutes(2), () ->
                    lastEventOfUser.entrySet().stream().allMatch(e -> {
                        String v = r.get(keys.user(e.getKey()));
                        return v != null && FeatureCodec.decodeUser(v).lastEventAt() == e.getValue();
                    }));
            return Clickstream.awaitSettled(metricsPort, finalWatermark, () -> FeatureSnapshot.read(r, ns.prefix()),
                    Duration.ofMinutes(2));
        } finally {
            FeatureJob.stop(job);
        }
    }

    private static List<FeatureRow> readRows(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> Files.isRegularFile(f) && f.getFileName().toString().startsWith("rows"))
                    .flatMap(f -> {
                        try {
                            return Files.readAllLines(f, StandardCharsets.UTF_8).stream();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .filter(l -> l.startsWith(FeatureRow.POINT_IN_TIME) || l.startsWith(FeatureRow.FINAL))
                    .map(FeatureRow::parse).toList();
        }
    }
}
