package io.streamrank.ranking.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrank.ranking.RankingApplication;
import io.streamrank.testkit.LocalRedis;
import io.streamrank.testkit.RedisNamespace;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Through the whole application as {@code java -jar} starts it: a verify key file that is missing (a ConfigMap not
 * mounted, a typo in the path) stops the start with what is wrong and how to fix it, rather than a pod that serves
 * unsigned versions or nothing (ADR 79).
 */
@ExtendWith(OutputCaptureExtension.class)
class VerifyKeysStartupIT {

    private static LocalRedis redis;
    private static RedisNamespace ns;

    @TempDir
    static Path dir;

    @BeforeAll
    static void redis() {
        redis = LocalRedis.findOrStart();
        ns = new RedisNamespace(redis.uri(), "verify-keys");
    }

    @AfterAll
    static void close() {
        ns.close();
        redis.close();
    }

    @Test
    void aVerifyKeyFileThatCannotBeReadStopsTheStartNamingItAndTheWaysOut(CapturedOutput output) throws Exception {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        Path models = Files.createDirectories(dir.resolve("models"));
        Path missing = dir.resolve("model-keys/verify-key.pem");

        assertThatThrownBy(() -> new SpringApplicationBuilder(RankingApplication.class).run(
                "--server.port=0",
                "--server.address=127.0.0.1", // loopback: no write token needed (ADR 78)
                "--streamrank.kafka.bootstrap-servers=127.0.0.1:" + deadPort,
                "--streamrank.redis.uri=" + redis.uri(),
                "--streamrank.redis.key-prefix=" + ns.prefix(),
                "--streamrank.model.dir=" + models,
                "--streamrank.model.verify-keys=" + missing,
                "--streamrank.warmup.duration=0s"))
                .hasRootCauseInstanceOf(VerifyKeysException.class);
        // Printed by the failure analyzer, found through META-INF/spring.factories.
        assertThat(output).contains("APPLICATION FAILED TO START", missing.toString(),
                "streamrank.model.verify-keys", "streamrank-model-verify-keys");
    }
}
