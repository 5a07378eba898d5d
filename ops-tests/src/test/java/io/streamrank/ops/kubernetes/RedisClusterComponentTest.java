package io.streamrank.ops.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.streamrank.ops.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * deploy/components/redis-cluster (ADR 52) added to an overlay turns on both sides' Redis Cluster switches and nothing
 * else: rendered with the CPU overlay by kubectl kustomize, the objects still parse strictly.
 */
class RedisClusterComponentTest {

    private static final CrdSchema FLINK_DEPLOYMENT =
            CrdSchema.load("/crds/flinkdeployments.flink.apache.org-v1.yml", "v1beta1");

    @Test
    void theComponentSwitchesTheServiceAndTheFeatureJobToTheClusterAndKeepsTheEndpointArguments() throws Exception {
        // kustomize takes no absolute paths: the overlay that uses the component lives under the build folder.
        Path dir = Repo.path("ops-tests/target/kustomize-redis-cluster");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                  - ../../../deploy/overlays/cpu
                components:
                  - ../../../deploy/components/redis-cluster
                """);
        Manifests m = Manifests.renderDir("ops-tests/target/kustomize-redis-cluster", "cpu+redis-cluster");

        JsonNode container = m.one("Deployment", "ranking-service").at("/spec/template/spec/containers/0");
        assertThat(container.path("name").asText()).isEqualTo("ranking-service");
        assertThat(env(container, "STREAMRANK_REDIS_CLUSTER")).isEqualTo("true");
        assertThat(container.path("env").toString()).contains("STREAMRANK_REDIS_URI");
        assertThat(StrictModel.problems(m.one("Deployment", "ranking-service"))).isEmpty();

        JsonNode flink = m.one("FlinkDeployment", "streamrank-features");
        List<String> args = new ArrayList<>();
        flink.at("/spec/job/args").forEach(a -> args.add(a.asText()));
        assertThat(args).containsSubsequence("--redis.cluster", "true");
        // The base fills the endpoints in by position: they must still be where it put them.
        assertThat(args.subList(0, 6)).extracting(a -> a.startsWith("--") ? a : "value")
                .containsExactly("--kafka.bootstrap", "value", "--redis.uri", "value", "--redis.prefix", "value");
        assertThat(args).doesNotContain("REPLACED_FROM_CLOUD_ENV");
        assertThat(FLINK_DEPLOYMENT.validate(flink)).isEmpty();
        assertThat(StrictModel.problems(flink.path("spec").path("podTemplate"), Pod.class)).isEmpty();

        Manifests plain = Manifests.render("cpu");
        assertThat(plain.one("Deployment", "ranking-service").toString()).doesNotContain("STREAMRANK_REDIS_CLUSTER");
        assertThat(plain.one("FlinkDeployment", "streamrank-features").toString()).doesNotContain("--redis.cluster");
    }

    private static String env(JsonNode container, String name) {
        for (JsonNode e : container.path("env")) {
            if (e.path("name").asText().equals(name)) {
                return e.path("value").asText();
            }
        }
        throw new AssertionError(name + " not in " + container.path("env"));
    }
}
