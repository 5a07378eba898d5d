package io.streamrank.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DamonSettingTest {

    @Test
    void eitherTokenSelectsASettingAndNeitherReachesTheServicesJvm() {
        List<String> pause = List.of("-Xmx1228m", "damon=pause", "-XX:+UseTransparentHugePages");
        List<String> idle = List.of("damon=idle", "-Xmx1228m");

        assertThat(DamonSetting.requested(pause)).isTrue();
        assertThat(DamonSetting.requested(idle)).isTrue();
        assertThat(DamonSetting.requested(List.of("-Xmx1228m"))).isFalse();
        assertThat(DamonSetting.jvmOptions(pause)).containsExactly("-Xmx1228m", "-XX:+UseTransparentHugePages");
        assertThat(DamonSetting.jvmOptions(idle)).containsExactly("-Xmx1228m");
    }

    @Test
    void aSetWithoutATokenChangesNothing() {
        assertThat(DamonSetting.apply(List.of("-Xmx1228m"))).isNull();
    }

    @Test
    void bothTokensInOneSetAreRefusedBeforeAnythingChanges() {
        assertThatThrownBy(() -> DamonSetting.apply(List.of("damon=pause", "damon=idle")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exclude each other");
    }
}
