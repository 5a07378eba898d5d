package io.streamrank.ranking.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrank.ranking.RankingApplication;
import io.streamrank.testkit.LocalRedis;
import io.streamrank.testkit.RedisNamespace;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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

    private static LocalRedis redis;
    private static RedisNamespace ns;

    @TempDir
    static Path dir;

    @BeforeAll
    static void redis() {
        redis = LocalRedis.findOrStart();
        ns = new RedisNamespace(redis.uri(), "cache-folder");
    }

    @AfterAll
    static void close() {
        ns.close();
        redis.close();
    }

    @Test
    void aConfiguredCacheFolderOthersMayWriteStopsTheStartNamingItAndTheWaysOut(CapturedOutput output)
            throws Exception {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        Path models = Files.createDirectories(dir.resolve("models"));
        Path shared = Files.createDirectory(dir.resolve("shared-cache"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));

        assertThatThrownBy(() -> new SpringApplicationBuilder(RankingApplication.class).run(
                "--server.port=0",
                "--server.address=127.0.0.1", // loopback: no write token needed (ADR 78)
                "--streamrank.kafka.bootstrap-servers=127.0.0.1:" + deadPort,
                "--streamrank.redis.uri=" + redis.uri(),
                "--streamrank.redis.key-prefix=" + ns.prefix(),
                "--streamrank.model.dir=" + models,
                "--streamrank.model.cache-dir=" + shared,
                "--streamrank.warmup.duration=0s"))
                .hasRootCauseInstanceOf(CacheFolderException.class);
        // Printed by the failure analyzer, found through META-INF/spring.factories.
        assertThat(output).contains("APPLICATION FAILED TO START", shared + " may be written by others (mode 777)",
                "chmod go-w");
        try (var left = Files.list(shared)) {
            assertThat(left).as("nothing fetched into it").isEmpty();
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(shared))).isEqualTo("rwxrwxrwx");
    }
}
