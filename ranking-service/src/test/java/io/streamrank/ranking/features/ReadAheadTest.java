package io.streamrank.ranking.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrank.ranking.TestProperties;
import java.net.ServerSocket;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class ReadAheadTest {

    @Test
    void theIdsNotCachedAreKeptOnceEachInTheirFirstOrder() {
        Set<Long> cached = Set.of(2L, 4L);
        long[] ids = {5, 2, 3, 5, 4, 1, 3, 9};
        assertThat(ReadAhead.uncached(ids, ids.length, cached::contains)).containsExactly(5, 3, 1, 9);
        assertThat(ReadAhead.uncached(ids, 3, cached::contains)).as("only the first n").containsExactly(5, 3);
    }

    @Test
    void nothingIsReadWhenEverythingIsCachedAndManyIdsGrowTheResult() {
        assertThat(ReadAhead.uncached(new long[] {1, 2}, 2, id -> true)).isEmpty();
        long[] many = LongStream.range(0, 500).toArray();
        assertThat(ReadAhead.uncached(many, many.length, id -> id % 2 == 0))
                .containsExactly(LongStream.range(0, 500).filter(id -> id % 2 == 1).toArray());
    }

    @Test
    void aBackgroundReadThatGetsNoRoundGivesItsClaimsBack() throws Exception {
        int dead;
        try (ServerSocket s = new ServerSocket(0)) {
            dead = s.getLocalPort();
        }
        RedisConnection redis = new RedisConnection(TestProperties.load(Map.of(
                "streamrank.redis.uri", "redis://127.0.0.1:" + dead)));
        AtomicBoolean released = new AtomicBoolean();
        try {
            assertThatThrownBy(() -> ReadAhead.background(redis, new long[] {1, 2}, id -> "k" + id,
                    (id, value, readAt) -> { }, () -> released.set(true)))
                    .isInstanceOf(FeatureStoreUnavailableException.class);
            assertThat(released).as("the claimed values released").isTrue();
        } finally {
            redis.close();
        }
    }
}
