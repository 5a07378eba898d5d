package io.streamrank.ranking.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrank.ranking.RankingApplication;
import io.streamrank.ranking.StartupArgs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Through the whole application as {@code java -jar} starts it: a configured model cache folder that others may write
 * stops the start with what is wrong and how to fix it, before any version is fetched into it (ADR 83).
 */
@ExtendWith(OutputCaptureExtension.class)
class CacheFolderStartupIT {

    private static StartupArgs startup;

    @TempDir
    static Path dir;

    @BeforeAll
    static void redis() {
        startup = StartupArgs.forPurpose("cache-folder");
    }

    @AfterAll
    static void close() {
        startup.close();
    }

    @Test
    void aConfiguredCacheFolderOthersMayWriteStopsTheStartNamingItAndTheWaysOut(CapturedOutput output)
            throws Exception {
        Path shared = Files.createDirectory(dir.resolve("shared-cache"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        List<String> args = startup.args(dir);
        args.add("--server.address=127.0.0.1"); // loopback: no write token needed (ADR 78)
        args.add("--streamrank.model.cache-dir=" + shared);

        assertThatThrownBy(() -> new SpringApplicationBuilder(RankingApplication.class).run(
                args.toArray(String[]::new))).hasRootCauseInstanceOf(CacheFolderException.class);
        // Printed by the failure analyzer, found through META-INF/spring.factories.
        assertThat(output).contains("APPLICATION FAILED TO START", shared + " may be written by others (mode 777)",
                "chmod go-w");
        try (var left = Files.list(shared)) {
            assertThat(left).as("nothing fetched into it").isEmpty();
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(shared))).isEqualTo("rwxrwxrwx");
    }
}
