package io.streamrank.ops.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where each overlay puts the pods: CPU pool, GPU pool with a GPU, ECS first then ECI; and the Flink job's wiring. */
class OverlayPlacementTest {

    @Test
    void gpuOverlayRequestsAGpuOnTheTaintedGpuPoolWithTheGpuImage() {
        JsonNode spec = Manifests.render("gpu").one("Deployment", "ranking-service").at("/spec/template/spec");
        JsonNode c = spec.at("/containers/0");
        assertThat(c.at("/resources/limits/nvidia.com~1gpu").asText()).isEqualTo("1");
        assertThat(c.path("image").asText()).contains("ranking-service-gpu:");
        assertThat(env(c, "STREAMRANK_MODEL_DEVICE")).isEqualTo("gpu");
        assertThat(spec.at("/nodeSelector/streamrank.io~1pool").asText()).isEqualTo("gpu");
        assertThat(spec.path("tolerations").findValuesAsText("key")).contains("nvidia.com/gpu");
    }

    @Test
    void cpuOverlayStaysOnTheCpuPoolWithoutGpus() {
        JsonNode spec = Manifests.render("cpu").one("Deployment", "ranking-service").at("/spec/template/spec");
        JsonNode c = spec.at("/containers/0");
        assertThat(c.at("/resources/limits").has("nvidia.com/gpu")).isFalse();
        assertThat(env(c, "STREAMRANK_MODEL_DEVICE")).isEqualTo("cpu");
        assertThat(spec.at("/nodeSelector/streamrank.io~1pool").asText()).isEqualTo("cpu");
    }

    @Test
    void eciOverlayPrefersEcsNodesAndOverflowsToVirtualNodes() {
        Manifests m = Manifests.render("eci");
        JsonNode template = m.one("Deployment", "ranking-service").at("/spec/template");
        assertThat(template.at("/spec/tolerations").findValuesAsText("key")).contains("virtual-kubelet.io/provider");
        assertThat(template.at("/spec/affinity/nodeAffinity/preferredDuringSchedulingIgnoredDuringExecution"))
                .isNotEmpty();
        assertThat(template.at("/spec/affinity/nodeAffinity").has("requiredDuringSchedulingIgnoredDuringExecution"))
                .isFalse();
        assertThat(template.at("/metadata/annotations/k8s.aliyun.com~1eci-use-specs").asText()).isNotEmpty();
        assertThat(m.one("HorizontalPodAutoscaler", "ranking-service").at("/spec/maxReplicas").asInt())
                .isGreaterThan(Manifests.render("cpu").one("HorizontalPodAutoscaler", "ranking-service")
                        .at("/spec/maxReplicas").asInt());
    }

    @Test
    void featureJobCheckpointsToOssAndExportsPrometheusMetrics() {
        JsonNode f = Manifests.render("cpu").one("FlinkDeployment", "streamrank-features");
        JsonNode conf = f.at("/spec/flinkConfiguration");
        assertThat(conf.path("execution.checkpointing.dir").asText()).startsWith("oss://");
        assertThat(conf.path("high-availability.storageDir").asText()).startsWith("oss://");
        assertThat(conf.path("metrics.reporter.prom.factory.class").asText())
                .isEqualTo("org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        assertThat(f.at("/spec/job/entryClass").asText()).isEqualTo("io.streamrank.pipeline.FeatureJob");
        List<String> args = new ArrayList<>();
        f.at("/spec/job/args").forEach(a -> args.add(a.asText()));
        assertThat(args).containsSubsequence("--kafka.bootstrap", "--redis.uri", "--redis.prefix");
        assertThat(args.get(args.indexOf("--kafka.bootstrap") + 1)).contains(":9092");
    }

    private static String env(JsonNode container, String name) {
        for (JsonNode e : container.path("env")) {
            if (e.path("name").asText().equals(name)) {
                return e.path("value").asText();
            }
        }
        return null;
    }
}
