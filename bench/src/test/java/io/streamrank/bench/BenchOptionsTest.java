package io.streamrank.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    @Test
    void aMisspeltOptionIsRefusedWithTheUsage() {
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--rate", "1000"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown or incomplete option: --rate").hasMessageContaining("Options:");
    }

    @Test
    void aMisspeltBooleanIsRefusedNotTakenAsFalse() {
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--redis-cluster", "ture"}))
                .hasMessageStartingWith("--redis-cluster wants true or false");
        assertThat(BenchOptions.parse(new String[] {"--redis-cluster", "TRUE"}).get("redis-cluster")).isEqualTo("TRUE");
    }

    @Test
    void aNumberThatIsNotAnIntIsRefusedBeforeTheRunStarts() {
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--duration", "20s"}))
                .hasMessageStartingWith("--duration wants an integer, got '20s'");
        assertThat(BenchOptions.parse(new String[] {"--candidates", "500,200"}).candidateCounts())
                .containsExactly(500, 200);
    }

    @Test
    void defaultPathsAreTheCheckoutsWhileGivenPathsAreLeftToTheCallersDirectory() {
        System.setProperty("streamrank.home", "/checkout");
        try {
            BenchOptions o = BenchOptions.parse(new String[] {"--work", "run"});

            assertThat(o.get("models")).isEqualTo(Path.of("/checkout/.streamrank/bench/models").toString());
            assertThat(o.get("work")).isEqualTo("run");
        } finally {
            System.clearProperty("streamrank.home");
        }
    }
}
