package io.streamrank.ops.compose;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.streamrank.ops.Repo;
import io.streamrank.ops.Tool;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** docker-compose.yml validated and normalised by `docker-compose config`, then checked for start order and wiring. */
class ComposeFileTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static JsonNode config;

    @BeforeAll
    static void normalise() throws IOException {
        Tool.Result r = Tool.DOCKER_COMPOSE.run(Repo.root(), 60, "-f", "docker-compose.yml", "config");
        assertThat(r.ok()).as("docker-compose config:%n%s", r.output()).isTrue();
        config = YAML.readTree(r.output());
    }

    @Test
    void theStackHasEveryPartTheIssueNames() {
        List<String> services = new ArrayList<>();
        config.path("services").fieldNames().forEachRemaining(services::add);
        assertThat(services).contains("kafka", "redis", "flink-jobmanager", "flink-taskmanager", "ranking-service",
                "model-trainer", "model-registry", "prometheus", "grafana", "replay");
        assertThat(config.at("/services/kafka/environment/KAFKA_PROCESS_ROLES").asText())
                .isEqualTo("broker,controller");
    }

    @Test
    void servicesStartInDependencyOrderBehindHealthChecks() {
        JsonNode s = config.path("services");
        for (String name : List.of("kafka", "redis", "flink-jobmanager", "ranking-service", "model-registry",
                "prometheus")) {
            assertThat(s.path(name).has("healthcheck")).as("%s has a healthcheck", name).isTrue();
        }
        assertThat(s.at("/ranking-service/depends_on/model-trainer/condition").asText())
                .isEqualTo("service_completed_successfully");
        assertThat(s.at("/ranking-service/depends_on/redis/condition").asText()).isEqualTo("service_healthy");
        assertThat(s.at("/ranking-service/depends_on/kafka-init/condition").asText())
                .isEqualTo("service_completed_successfully");
        assertThat(s.at("/kafka-init/depends_on/kafka/condition").asText()).isEqualTo("service_healthy");
        assertThat(s.at("/flink-taskmanager/depends_on/flink-jobmanager/condition").asText())
                .isEqualTo("service_healthy");
        assertThat(s.at("/grafana/depends_on/prometheus/condition").asText()).isEqualTo("service_healthy");
    }

    @Test
    void hostPortsBindToLoopbackOnly() {
        config.path("services").forEach(svc -> svc.path("ports").forEach(p ->
                assertThat(p.path("host_ip").asText(p.asText())).as("port %s", p).startsWith("127.0.0.1")));
    }

    @Test
    void buildsUseTheDockerfilesOfDeployDockerAndMountedFilesExist() {
        config.path("services").forEach(svc -> {
            if (svc.has("build")) {
                assertThat(Files.isRegularFile(Repo.path(svc.at("/build/dockerfile").asText()))).isTrue();
            }
            svc.path("volumes").forEach(v -> {
                if (v.path("type").asText().equals("bind") && !v.path("source").asText().contains("shared/data")) {
                    assertThat(Files.exists(java.nio.file.Path.of(v.path("source").asText())))
                            .as("bind mount %s", v.path("source").asText()).isTrue();
                }
            });
        });
    }

    @Test
    void prometheusScrapesTheServiceAndFlinkWhereTheyExposeMetrics() throws IOException {
        JsonNode prom = YAML.readTree(Repo.path("prometheus/prometheus.yml").toFile());
        String scrape = prom.path("scrape_configs").toString();
        assertThat(scrape).contains("ranking-service:8080", "/actuator/prometheus");
        String flinkProps = config.at("/services/flink-jobmanager/environment/FLINK_PROPERTIES").asText();
        assertThat(flinkProps).contains("metrics.reporter.prom.port: 9249");
        assertThat(scrape).contains("flink-jobmanager:9249", "flink-taskmanager:9249");
        assertThat(scrape).contains("model-registry:8081");
        assertThat(config.at("/services/model-registry/command").toString()).contains("serve", "8081");
        // Served on 0.0.0.0 in its container, the registry refuses to start without a write token (ADR 60).
        assertThat(config.at("/services/model-registry/environment/STREAMRANK_REGISTRY_TOKEN").asText())
                .hasSizeGreaterThanOrEqualTo(16).doesNotContainAnyWhitespaces();
        assertThat(config.at("/services/ranking-service/environment").has("STREAMRANK_KAFKA_BOOTSTRAPSERVERS"))
                .isTrue();
    }

    @Test
    void theRankingServiceGetsAWriteTokenOfValidFormAndTheReplayNeedsNone() throws IOException {
        // On 0.0.0.0 in its container, the service refuses to start without a write token (ADR 78).
        JsonNode env = config.at("/services/ranking-service/environment");
        assertThat(env.path("STREAMRANK_API_WRITE_TOKEN").asText()).hasSizeGreaterThanOrEqualTo(16)
                .doesNotContainAnyWhitespaces();
        assertThat(env.has("STREAMRANK_API_UNAUTHENTICATEDWRITES")).isFalse();
        // The replay produces to Kafka itself: it never posts to the API, so it carries no token.
        assertThat(config.at("/services/replay/environment/BOOTSTRAP").asText()).isEqualTo("kafka:19092");
        assertThat(Files.readString(Repo.path("deploy/compose/replay.sh"))).doesNotContain("/v1/events");
    }

    @Test
    void grafanaGetsTheProvisionedDatasourceAndDashboards() {
        String volumes = config.at("/services/grafana/volumes").toString();
        assertThat(volumes).contains("grafana/provisioning", "grafana/dashboards");
        String prometheusVolumes = config.at("/services/prometheus/volumes").toString();
        assertThat(prometheusVolumes).contains("prometheus/rules");
    }

    @Test
    void anInvalidComposeFileIsRejected() throws IOException {
        java.nio.file.Path bad = Files.createTempFile(Repo.root(), ".compose-invalid", ".yml");
        try {
            Files.writeString(bad, "services:\n  x:\n    image: redis:7.4\n    helthcheck: {test: [\"CMD\", \"true\"]}\n");
            Tool.Result r = Tool.DOCKER_COMPOSE.run(Repo.root(), 60, "-f", bad.getFileName().toString(), "config", "-q");
            assertThat(r.ok()).isFalse();
            assertThat(r.output()).contains("helthcheck");
        } finally {
            Files.deleteIfExists(bad);
        }
    }
}
