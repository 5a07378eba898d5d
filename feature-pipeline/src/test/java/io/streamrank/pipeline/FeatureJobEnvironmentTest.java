package io.streamrank.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

class FeatureJobEnvironmentTest {

    @Test
    void theJobRestartsWithAFixedDelayByDefault() {
        StreamExecutionEnvironment env = FeatureJob.environment(PipelineSettings.fromArgs(new String[] {
            "--restart.attempts", "7", "--restart.delay", "3s"}));

        assertThat(env.getConfiguration().get(RestartStrategyOptions.RESTART_STRATEGY)).isEqualTo("fixed-delay");
        assertThat(env.getConfiguration().get(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS))
                .isEqualTo(7);
        assertThat(env.getConfiguration().get(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY))
                .isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void withTheClusterStrategyTheJobSetsNoneOfItsOwn() {
        // A job-level restart strategy overrides the cluster's: the FlinkDeployment's exponential-delay would be lost.
        StreamExecutionEnvironment env = FeatureJob.environment(PipelineSettings.fromArgs(new String[] {
            "--restart.strategy", "cluster"}));

        assertThat(env.getConfiguration().getOptional(RestartStrategyOptions.RESTART_STRATEGY)).isEmpty();
    }

    @Test
    void anUnknownRestartStrategyIsRefusedWithTheUsage() {
        assertThatThrownBy(() -> PipelineSettings.fromArgs(new String[] {"--restart.strategy", "exponential"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--restart.strategy must be fixed-delay or cluster")
                .hasMessageContaining("Options (--name value)");
    }
}
