package io.streamrank.ranking.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrank.ranking.LiveFixture;
import io.streamrank.ranking.RankingApplication;
import io.streamrank.ranking.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * With the build's CPU natives, TensorFlow lists no GPU, so a service configured for one refuses to start and says
 * why (ADR 67), instead of starting healthy and answering every request in fallback order.
 */
@ExtendWith(OutputCaptureExtension.class)
class GpuPreflightIT {

    @Test
    void theCpuNativesListNoGpu() {
        assertThat(DevicePreflight.tensorFlowSeesGpu()).isFalse();
    }

    @Test
    void aServiceConfiguredForAGpuTheNativesCannotSeeFailsToStartWithTheReasonAndTheFix(CapturedOutput output) {
        LiveFixture fixture = LiveFixture.get();

        assertThatThrownBy(() -> new SpringApplicationBuilder(RankingApplication.class).run(
                "--server.port=0",
                "--server.address=127.0.0.1", // loopback: no write token needed (ADR 78)
                "--streamrank.kafka.bootstrap-servers=" + fixture.kafka.bootstrapServers(),
                "--streamrank.redis.uri=" + fixture.redis.uri(),
                "--streamrank.redis.key-prefix=" + fixture.ns.prefix(),
                "--streamrank.model.dir=" + TestModels.trainedWithEmbeddings(),
                "--streamrank.model.device=gpu"))
                .hasRootCauseInstanceOf(GpuUnavailableException.class);
        // Printed by the failure analyzer, found through META-INF/spring.factories.
        assertThat(output).contains("APPLICATION FAILED TO START", "TensorFlow lists no GPU device",
                "streamrank.model.device=cpu");
    }
}
