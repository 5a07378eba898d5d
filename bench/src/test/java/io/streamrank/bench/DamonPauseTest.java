package io.streamrank.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DamonPauseTest {

    @TempDir
    Path admin;

    private Path monitor(String n, String state) throws Exception {
        Path dir = Files.createDirectories(admin.resolve(n));
        Files.writeString(dir.resolve("state"), state + "\n");
        return dir.resolve("state");
    }

    @Test
    void switchesOffTheMonitorsThatWereOnAndOnlyThoseOnAgainAfterTheRun() throws Exception {
        Path on = monitor("0", "on");
        Path off = monitor("1", "off");

        try (DamonPause pause = DamonPause.pause(admin)) {
            assertThat(Files.readString(on)).isEqualTo("off");
            assertThat(Files.readString(off).strip()).isEqualTo("off");
            assertThat(pause.describe()).startsWith("DAMON paused for this run (1 monitor,");
        }

        assertThat(Files.readString(on)).isEqualTo("on");
        assertThat(Files.readString(off).strip()).isEqualTo("off");
    }

    @Test
    void aKernelWithoutDamonFailsTheRunWithAClearMessage() {
        assertThatThrownBy(() -> DamonPause.pause(admin.resolve("missing")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no DAMON sysfs interface");
    }
}
