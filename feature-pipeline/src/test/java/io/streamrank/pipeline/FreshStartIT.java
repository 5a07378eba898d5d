package io.streamrank.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.event.EventType;
import io.streamrank.contract.features.RedisKeys;
import io.streamrank.pipeline.Clickstream.Raw;
import io.streamrank.testkit.EmbeddedKafka;
import io.streamrank.testkit.LocalRedis;
import io.streamrank.testkit.RedisNamespace;
import java.time.Duration;
import java.util.List;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A job started again without its state (no checkpoint or savepoint to restore) on the same Redis: the popularity sets
 * get members only through the job's item state, so the members of the earlier run had nothing left to ever remove
 * them, while every write of the new run renewed the sets' TTL: they stayed for good. The new run takes the sets over
 * gradually: the old members stay for the takeover span, then only its own remain.
 */
class FreshStartIT {

    private static EmbeddedKafka kafka;
    private static LocalRedis redis;
    private static RedisNamespace ns;

    @BeforeAll
    static void infrastructure() {
        kafka = EmbeddedKafka.start(2, "fresh-1", "fresh-2", "clickstream-dlq");
        redis = LocalRedis.findOrStart();
        ns = new RedisNamespace(redis.uri(), "fresh");
    }

    @AfterAll
    static void tearDown() {
        ns.close();
        kafka.close();
        redis.close();
    }

    @Test
    void aJobStartedWithoutItsStateTakesThePopularitySetsOverFromTheEarlierRunsMembers() throws Exception {
        RedisKeys keys = new RedisKeys(ns.prefix());
        var r = ns.commands();
        long now = System.currentTimeMillis();
        Clickstream.produce(kafka.bootstrapServers(), "fresh-1", 2, List.of(
                Raw.of(new ClickEvent("a", 1L, 100L, 1L, EventType.CLICK, now - 3_000)),
                Raw.of(new ClickEvent("b", 2L, 100L, 1L, EventType.CLICK, now - 2_000)),
                Raw.of(new ClickEvent("c", 2L, 200L, 2L, EventType.CLICK, now - 2_000))));
        JobClient first = start("fresh-1");
        try {
            Clickstream.await("the first run's popularity", Duration.ofSeconds(60), () ->
                    Double.valueOf(2d).equals(r.zscore(keys.popularAll(), "100"))
                            && r.zscore(keys.popularAll(), "200") != null
                            && Double.valueOf(2d).equals(r.zscore(keys.popularCategory(1), "100")));
        } finally {
            FeatureJob.stop(first);
        }

        // The new run reads only what came after (a topic of its own here, committed offsets in production).
        Clickstream.produce(kafka.bootstrapServers(), "fresh-2", 2, List.of(
                Raw.of(new ClickEvent("d", 3L, 300L, 1L, EventType.CLICK, now - 1_000))));
        JobClient second = start("fresh-2", "2s");
        try {
            Clickstream.await("the second run's popularity", Duration.ofSeconds(60), () ->
                    r.zscore(keys.popularAll(), "300") != null && r.zscore(keys.popularCategory(1), "300") != null);
            // Claimed, not emptied: the first run's members stay, with their scores, for the takeover span, so the
            // popular lists do not shrink to the few items the new run has seen so far.
            assertThat(r.zrangeWithScores(keys.popularAll(), 0, -1)).extracting(x -> x.getValue() + "=" + x.getScore())
                    .containsExactlyInAnyOrder("100=2.0", "200=1.0", "300=1.0");
            assertThat(r.zrangeWithScores(keys.popularCategory(1), 0, -1))
                    .extracting(x -> x.getValue() + "=" + x.getScore()).containsExactly("300=1.0", "100=2.0");

            // After the span, the next write of each set keeps only the members the second run wrote since its claim.
            long deadline = Math.max(deadline(r.get(ns.prefix() + "run:{" + keys.popularAll() + "}")),
                    deadline(r.get(ns.prefix() + "run:{" + keys.popularCategory(1) + "}")));
            Thread.sleep(Math.max(0L, deadline - System.currentTimeMillis() + 100));
            Clickstream.produce(kafka.bootstrapServers(), "fresh-2", 2, List.of(
                    Raw.of(new ClickEvent("e", 4L, 300L, 1L, EventType.CLICK, System.currentTimeMillis()))));
            Clickstream.await("the second run's next write", Duration.ofSeconds(60), () ->
                    Double.valueOf(2d).equals(r.zscore(keys.popularAll(), "300"))
                            && Double.valueOf(2d).equals(r.zscore(keys.popularCategory(1), "300")));
            // Finished in the same step that wrote the new score: nothing in between to wait for.
            assertThat(r.zrangeWithScores(keys.popularAll(), 0, -1)).extracting(x -> x.getValue() + "=" + x.getScore())
                    .containsExactly("300=2.0");
            assertThat(r.zrangeWithScores(keys.popularCategory(1), 0, -1))
                    .extracting(x -> x.getValue() + "=" + x.getScore()).containsExactly("300=2.0");
            // A set the new run does not write is not renewed either: it goes with its TTL.
            assertThat(r.zrange(keys.popularCategory(2), 0, -1)).containsExactly("200");
            assertThat(r.pttl(keys.popularCategory(2))).isBetween(1L, 2 * 3_600_000L);
        } finally {
            FeatureJob.stop(second);
        }
    }

    /** The takeover deadline in an owner key's value ({@code <run>:<deadline ms>}). */
    private static long deadline(String owner) {
        assertThat(owner).as("an owner key while taking over").matches("\\d+:\\d+");
        return Long.parseLong(owner.substring(owner.indexOf(':') + 1));
    }

    private static JobClient start(String topic) throws Exception {
        return start(topic, "1h");
    }

    private static JobClient start(String topic, String takeover) throws Exception {
        return FeatureJob.start(PipelineSettings.fromArgs(new String[] {
            "--kafka.bootstrap", kafka.bootstrapServers(), "--topic", topic, "--group.id", "fresh-" + topic,
            "--redis.uri", redis.uri(), "--redis.prefix", ns.prefix(), "--parallelism", "2",
            "--checkpoint.interval", "1s", "--popularity.takeover", takeover}));
    }
}
