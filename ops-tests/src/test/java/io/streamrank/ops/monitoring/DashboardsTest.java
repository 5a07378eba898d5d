package io.streamrank.ops.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamrank.ops.Repo;
import io.streamrank.ops.Tool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Grafana dashboards: well-formed, on the provisioned datasource, valid PromQL, and covering what SREs need. */
class DashboardsTest {

    @Test
    void everyDashboardIsWellFormedAndUsesTheProvisionedDatasource() {
        JsonNode ds = MonitoringQueries.read(MonitoringQueries.YAML,
                Repo.path("grafana/provisioning/datasources/prometheus.yml")).path("datasources").get(0);
        String uid = ds.path("uid").asText();
        assertThat(MonitoringQueries.dashboards()).hasSizeGreaterThanOrEqualTo(2);
        Set<String> uids = new HashSet<>();
        for (Path file : MonitoringQueries.dashboards()) {
            JsonNode d = MonitoringQueries.read(MonitoringQueries.JSON, file);
            assertThat(uids.add(d.path("uid").asText())).as("unique uid in %s", file).isTrue();
            assertThat(d.path("title").asText()).as("title of %s", file).isNotBlank();
            Set<Integer> ids = new HashSet<>();
            for (JsonNode p : MonitoringQueries.panels(d)) {
                String where = file.getFileName() + " / " + p.path("title").asText();
                assertThat(ids.add(p.path("id").asInt())).as("unique panel id: %s", where).isTrue();
                JsonNode pos = p.path("gridPos");
                assertThat(pos.path("x").asInt() + pos.path("w").asInt()).as("fits 24 columns: %s", where)
                        .isBetween(1, 24);
                if (!p.path("type").asText().equals("row")) {
                    assertThat(p.path("datasource").path("uid").asText()).as("datasource of %s", where).isEqualTo(uid);
                    assertThat(p.path("targets")).as("queries of %s", where).isNotEmpty();
                    assertThat(p.path("description").asText()).as("description of %s", where).isNotBlank();
                }
            }
        }
    }

    @Test
    void theKubernetesDashboardConfigMapCarriesEveryDashboard() {
        String kustomization = Repo.read(Repo.path("grafana/kustomization.yaml"));
        for (Path d : MonitoringQueries.dashboards()) {
            assertThat(kustomization).contains("dashboards/" + d.getFileName());
        }
    }

    /** Grafana variables are replaced by what Grafana would put there; promtool then parses every expression. */
    @Test
    void everyDashboardQueryIsValidPromQl(@TempDir Path dir) throws IOException {
        ObjectNode file = MonitoringQueries.YAML.createObjectNode();
        ArrayNode rules = file.putArray("groups").addObject().put("name", "dashboard-queries").putArray("rules");
        List<MonitoringQueries.Query> queries = MonitoringQueries.all().stream()
                .filter(q -> q.where().endsWith(".json") || q.where().contains(".json / ")).toList();
        assertThat(queries).hasSizeGreaterThan(20);
        int i = 0;
        for (MonitoringQueries.Query q : queries) {
            rules.addObject().put("record", "dashboard:query_" + i++)
                    .put("expr", q.expr().replace("$__rate_interval", "1m").replace("$__interval", "1m"));
        }
        Path rulesFile = dir.resolve("dashboards.rules.yml");
        Files.writeString(rulesFile, MonitoringQueries.YAML.writeValueAsString(file));
        Tool.Result r = Tool.PROMTOOL.run(dir, 60, "check", "rules", rulesFile.toString());
        assertThat(r.ok()).as("promtool check rules on the dashboards' queries:%n%s", r.output()).isTrue();
    }

    @Test
    void dashboardsCoverLatencyTrafficErrorsModelsFreshnessStalenessLagCheckpointsAndJvm() {
        String all = MonitoringQueries.all().stream().map(MonitoringQueries.Query::expr)
                .collect(Collectors.joining("\n"));
        List<String> missing = new ArrayList<>();
        for (String needed : List.of(
                "histogram_quantile(0.99, sum by (le, stage) (rate(streamrank_recommend_latency_seconds_bucket",
                "histogram_quantile(0.5, sum by (le, stage) (rate(streamrank_recommend_latency_seconds_bucket",
                "rate(streamrank_recommend_requests_total", "status=~\"5..\"", "outcome=~\"degraded_.*\"",
                "count by (version) (streamrank_model_loaded == 1)", "sum by (le, version)",
                "currentEmitEventTimeLag", "streamrank_feature_age_seconds_bucket", "streamrank_features_stale_total",
                "pendingRecords", "lastCheckpointFullSize", "lastCheckpointDuration",
                "jvm_memory_used_bytes", "jvm_gc_pause_seconds_sum", "flink_taskmanager_Status_JVM_Memory_Heap_Used")) {
            if (!all.contains(needed)) {
                missing.add(needed);
            }
        }
        assertThat(missing).as("queries no dashboard has").isEmpty();
    }
}
