package io.streamrank.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StreamrankLocalTest {

    @Test
    void aPortThatIsNotANumberIsRefusedNamingTheOption() {
        assertThatThrownBy(() -> StreamrankLocal.parse(new String[] {"--port", "80a"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--port wants an integer, got 80a");
        assertThatThrownBy(() -> StreamrankLocal.parse(new String[] {"--replay-limit", "1k"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--replay-limit");
    }

    @Test
    void aMisspeltBooleanIsRefusedNotTakenAsFalse() {
        assertThatThrownBy(() -> StreamrankLocal.parse(new String[] {"--redis-cluster", "ture"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--redis-cluster wants true or false");
        assertThat(StreamrankLocal.parse(new String[] {"--redis-cluster", "TRUE"})).containsEntry("redis-cluster",
                "TRUE");
    }

    @Test
    void helpAnywhereWinsOverOtherOptions() {
        assertThat(StreamrankLocal.parse(new String[] {"--port", "80a", "--help"})).isNull();
    }

    @Test
    void defaultPathsAreTheCheckoutsWhileGivenPathsAreLeftToTheCallersDirectory() {
        System.setProperty("streamrank.home", "/checkout");
        try {
            var o = StreamrankLocal.parse(new String[] {"--work", "run"});

            assertThat(o).containsEntry("models", Path.of("/checkout/.streamrank/models").toString())
                    .containsEntry("data", Path.of("/checkout/../shared/data/taobao-userbehavior").toString())
                    .containsEntry("work", "run").containsEntry("port", "8080");
        } finally {
            System.clearProperty("streamrank.home");
        }
    }
}
