package io.streamrank.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrank.contract.event.EventAdmission;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineSettingsTest {

    @Test
    void aBadNumberNamesItsOption() {
        assertThatThrownBy(() -> PipelineSettings.fromArgs(new String[] {"--redis.batch", "1k"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("--redis.batch wants an integer");
    }

    @Test
    void aBadDurationNamesItsOption() {
        assertThatThrownBy(() -> PipelineSettings.fromArgs(new String[] {"--flush.interval", "1x"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--flush.interval wants a duration");
        assertThatThrownBy(() -> PipelineSettings.fromArgs(new String[] {"--idleness", "ten"}))
                .hasMessageStartingWith("--idleness wants a duration");
    }

    @Test
    void aMisspeltBooleanIsRefusedNotTakenAsFalse() {
        for (String option : new String[] {"--redis.cluster", "--checkpoint.incremental", "--slide.writes"}) {
            assertThatThrownBy(() -> PipelineSettings.fromArgs(new String[] {option, "ture"}))
                    .hasMessageStartingWith(option + " wants true or false");
        }
        PipelineSettings s = PipelineSettings.fromArgs(new String[] {"--redis.cluster", "TRUE", "--slide.writes",
            "False", "--flush.interval", "250ms"});
        assertThat(s.redisCluster()).isTrue();
        assertThat(s.slideWrites()).isFalse();
        assertThat(s.flushInterval()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void thePopularityTakeoverIsOneWindowByDefaultAndReachesTheGraphOptions() {
        assertThat(PipelineSettings.fromArgs(new String[0]).workflowOptions().popularityTakeover())
                .isEqualTo(Duration.ofHours(1));
        assertThat(PipelineSettings.fromArgs(new String[] {"--popularity.takeover", "2s"}).workflowOptions()
                .popularityTakeover()).isEqualTo(Duration.ofSeconds(2));
        assertThatThrownBy(() -> PipelineSettings.fromArgs(new String[] {"--popularity.takeover", "-1h"}))
                .hasMessageStartingWith("--popularity.takeover cannot be negative");
        assertThat(PipelineSettings.usage()).contains("--popularity.takeover");
    }

    @Test
    void theCommandLinesAdmissionDefaultsAreTheContractsThatTheTrainersReplayApplies() {
        // The trainer drops what the job drops with EventAdmission's values (ADR 81); the command line's defaults are
        // text for --help, so this keeps them from drifting apart.
        FeatureWorkflow.Options cli = PipelineSettings.fromArgs(new String[0]).workflowOptions();
        FeatureWorkflow.Options graph = FeatureWorkflow.Options.defaults("p:");
        for (FeatureWorkflow.Options o : List.of(cli, graph)) {
            assertThat(o.outOfOrderness()).isEqualTo(EventAdmission.OUT_OF_ORDERNESS);
            assertThat(o.allowedLateness()).isEqualTo(EventAdmission.ALLOWED_LATENESS);
            assertThat(o.dedupRetention()).isEqualTo(EventAdmission.DEDUP_RETENTION);
            assertThat(o.maxFutureSkew()).isEqualTo(EventAdmission.MAX_FUTURE_SKEW);
        }
    }

    @Test
    void helpAfterOtherOptionsPrintsTheUsage() throws Exception {
        assertThat(StdOut.of(() -> FeatureJob.main(new String[] {"--topic", "t", "--help"})))
                .contains("Options (--name value)");
    }
}
