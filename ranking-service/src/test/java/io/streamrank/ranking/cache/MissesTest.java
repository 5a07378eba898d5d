package io.streamrank.ranking.cache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MissesTest {

    @Test
    void listsTheEmptyPositionsInOrder() {
        Object[] values = {"a", null, "b", null, null, "c"};
        assertThat(Misses.of(values, 3)).containsExactly(1, 3, 4);
    }

    @Test
    void noMissesIsAnEmptyList() {
        assertThat(Misses.of(new Object[] {"a", "b"}, 0)).isEmpty();
    }
}
