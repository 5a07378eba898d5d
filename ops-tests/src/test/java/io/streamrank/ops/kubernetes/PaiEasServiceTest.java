package io.streamrank.ops.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamrank.ops.Repo;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** deploy/pai-eas: the alternative way to serve the model, on PAI-EAS with the GPU image. */
class PaiEasServiceTest {

    @Test
    void serviceJsonRunsTheGpuImageWithTheModelStoreMountedWhereTheServiceReadsIt() throws IOException {
        JsonNode s = new ObjectMapper().readTree(Repo.path("deploy/pai-eas/ranking-service.json").toFile());
        assertThat(s.at("/metadata/name").asText()).matches("[a-z][a-z0-9_]{2,62}");
        assertThat(s.at("/metadata/instance").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(s.at("/metadata/gpu").asInt()).isEqualTo(1);
        JsonNode c = s.at("/containers/0");
        assertThat(c.path("image").asText()).contains("/ranking-service-gpu:").doesNotEndWith(":latest");
        assertThat(c.path("port").asInt()).isEqualTo(8080);
        Map<String, String> env = new HashMap<>();
        c.path("env").forEach(e -> env.put(e.path("name").asText(), e.path("value").asText()));
        assertThat(env).containsEntry("STREAMRANK_MODEL_DEVICE", "gpu");
        // The container listens on every address, so without one of these the service refuses to start (ADR 78).
        // EAS's gateway authenticates every call with the service's own token in the Authorization header, which
        // leaves no room for the service's bearer token: the explicit opt-out, documented in deploy/README.md.
        assertThat(env).containsEntry("STREAMRANK_API_UNAUTHENTICATEDWRITES", "true");
        assertThat(env).doesNotContainKey("STREAMRANK_API_WRITE_TOKEN");
        assertThat(s.at("/storage/0/mount_path").asText()).isEqualTo(env.get("STREAMRANK_MODEL_DIR"));
        assertThat(s.at("/storage/0/oss/path").asText()).startsWith("oss://");
        assertThat(s.at("/storage/0/oss/readOnly").asBoolean()).isTrue();
        assertThat(s.at("/autoscaler/max").asInt()).isGreaterThan(s.at("/autoscaler/min").asInt());
        assertThat(s.toString()).doesNotContainIgnoringCase("accesskey").doesNotContainIgnoringCase("password");
    }
}
