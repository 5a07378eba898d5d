package io.streamrank.pipeline.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.testkit.LocalRedis;
import io.streamrank.testkit.RedisNamespace;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RedisFeatureSinkIT {

    private static LocalRedis redis;
    private static RedisNamespace ns;

    @BeforeAll
    static void redis() {
        redis = LocalRedis.findOrStart();
        ns = new RedisNamespace(redis.uri(), "sink");
    }

    @AfterAll
    static void cleanUp() {
        ns.close();
        redis.close();
    }

    @Test
    void writesAbsoluteValuesWithTtlsAndReplayingThemChangesNothing() throws Exception {
        String p = ns.prefix();
        RedisWrite[] writes = {
            RedisWrite.set(p + "u:1", "v1", 60_000L),
            RedisWrite.zadd(p + "pop:all", "10", 3d, 60_000L),
            RedisWrite.zadd(p + "pop:all", "11", 1d, 60_000L),
            RedisWrite.zrem(p + "pop:all", "11"),
        };
        try (RedisFeatureWriter writer = new RedisFeatureWriter(RedisFeatureSink.Settings.standalone(redis.uri()),
                UnregisteredMetricsGroup.createSinkWriterMetricGroup())) {
            for (int replay = 0; replay < 2; replay++) {
                for (RedisWrite w : writes) {
                    writer.write(w, null);
                }
                writer.flush(false);
            }
        }
        var r = ns.commands();
        assertThat(r.get(p + "u:1")).isEqualTo("v1");
        assertThat(r.pttl(p + "u:1")).isBetween(1L, 60_000L);
        assertThat(r.zrangeWithScores(p + "pop:all", 0, -1)).singleElement()
                .satisfies(s -> {
                    assertThat(s.getValue()).isEqualTo("10");
                    assertThat(s.getScore()).isEqualTo(3d);
                });
        assertThat(r.pttl(p + "pop:all")).isBetween(1L, 60_000L);
    }
}
