package io.streamrank.ops.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamrank.pipeline.PipelineSettings;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The FlinkDeployment's job arguments, rendered by kustomize, as the feature job itself reads them. */
class FeatureJobArgumentsTest {

    @Test
    void theJobArgumentsParseAndLeaveTheDeploymentsRestartStrategyInForce() {
        JsonNode flink = Manifests.render("cpu").one("FlinkDeployment", "streamrank-features");
        List<String> args = new ArrayList<>();
        flink.at("/spec/job/args").forEach(a -> args.add(a.asText()));

        PipelineSettings settings = PipelineSettings.fromArgs(args.toArray(String[]::new));

        // A restart strategy the job sets overrides the cluster's, so configuring one there takes "cluster" here.
        assertThat(flink.at("/spec/flinkConfiguration").path("restart-strategy.type").asText())
                .isEqualTo("exponential-delay");
        assertThat(settings.restartStrategy()).isEqualTo("cluster");
        assertThat(settings.parallelism()).isEqualTo(flink.at("/spec/job/parallelism").asInt());
    }
}
