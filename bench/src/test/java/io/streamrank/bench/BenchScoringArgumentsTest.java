package io.streamrank.bench;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BenchScoringArgumentsTest {

    @Test
    void anOptionIsRefusedRatherThanTakenAsTheModelStore() {
        assertThatThrownBy(() -> BenchScoring.checkArguments(new String[] {"--rows", "200"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown option --rows");
        assertThatThrownBy(() -> BenchScoring.checkArguments(new String[] {"--caches-only", "m", "--rounds", "3"}))
                .hasMessageContaining("unknown option --rounds");
    }

    @Test
    void rowsSecondsAndRoundsArePositiveIntegers() {
        assertThatThrownBy(() -> BenchScoring.checkArguments(new String[] {"m", "500", "3s"}))
                .hasMessageContaining("seconds-per-round wants a positive integer, got 3s");
        assertThatThrownBy(() -> BenchScoring.checkArguments(new String[] {"m", "1", "2", "3", "4"}))
                .hasMessageContaining("too many arguments");
        assertThatCode(() -> BenchScoring.checkArguments(new String[] {"--caches-only", "m", "32", "3", "3"}))
                .doesNotThrowAnyException();
        assertThatCode(() -> BenchScoring.checkArguments(new String[0])).doesNotThrowAnyException();
    }
}
