package io.streamrank.ranking.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrank.ranking.RankingApplication;
import io.streamrank.ranking.StartupArgs;
import java.nio.file.Path;
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
 * Through the whole application as {@code java -jar} starts it: a verify key file that is missing (a ConfigMap not
 * mounted, a typo in the path) stops the start with what is wrong and how to fix it, rather than a pod that serves
 * unsigned versions or nothing (ADR 79).
 */
@ExtendWith(OutputCaptureExtension.class)
class VerifyKeysStartupIT {

    private static StartupArgs startup;

    @TempDir
    static Path dir;

    @BeforeAll
    static void redis() {
        startup = StartupArgs.forPurpose("verify-keys");
    }

    @AfterAll
    static void close() {
        startup.close();
    }

    @Test
    void aVerifyKeyFileThatCannotBeReadStopsTheStartNamingItAndTheWaysOut(CapturedOutput output) throws Exception {
        Path missing = dir.resolve("model-keys/verify-key.pem");
        List<String> args = startup.args(dir);
        args.add("--server.address=127.0.0.1"); // loopback: no write token needed (ADR 78)
        args.add("--streamrank.model.verify-keys=" + missing);

        assertThatThrownBy(() -> new SpringApplicationBuilder(RankingApplication.class).run(
                args.toArray(String[]::new))).hasRootCauseInstanceOf(VerifyKeysException.class);
        // Printed by the failure analyzer, found through META-INF/spring.factories.
        assertThat(output).contains("APPLICATION FAILED TO START", missing.toString(),
                "streamrank.model.verify-keys", "streamrank-model-verify-keys");
    }
}
