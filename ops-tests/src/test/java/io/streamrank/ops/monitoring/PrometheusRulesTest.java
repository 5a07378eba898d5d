package io.streamrank.ops.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamrank.ops.Repo;
import io.streamrank.ops.Tool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The alert rules and the compose Prometheus configuration, checked and unit-tested by promtool. */
class PrometheusRulesTest {

    @Test
    void ruleFilesPassPromtoolCheck() {
        assertThat(MonitoringQueries.ruleFiles()).isNotEmpty();
        for (Path f : MonitoringQueries.ruleFiles()) {
            Tool.Result r = Tool.PROMTOOL.run(f.getParent(), 60, "check", "rules", f.getFileName().toString());
            assertThat(r.ok()).as("promtool check rules %s:%n%s", f, r.output()).isTrue();
        }
    }

    @Test
    void alertsFireAndStayQuietAsTheirPromtoolUnitTestsExpect() {
        Path tests = Repo.path("prometheus/rules/streamrank.rules.test.yml");
        Tool.Result r = Tool.PROMTOOL.run(tests.getParent(), 120, "test", "rules", tests.getFileName().toString());
        assertThat(r.ok()).as("promtool test rules:%n%s", r.output()).isTrue();
        assertThat(r.output()).contains("SUCCESS");
    }

    @Test
    void theFourRequiredAlertsExistWithTheirThresholds() {
        Map<String, JsonNode> alerts = alerts();
        assertThat(alerts.get("StreamrankRecommendP99High").path("expr").asText())
                .contains("histogram_quantile(0.99", "stage=\"total\"", "> 0.08");
        assertThat(alerts.get("StreamrankRecommendP99High").path("for").asText()).isEqualTo("5m");
        assertThat(alerts.get("StreamrankFeatureFreshnessHigh").path("expr").asText()).contains("> 5000");
        assertThat(alerts.get("StreamrankErrorRateHigh").path("expr").asText())
                .contains("status=~\"5..\"", "> 0.01");
        assertThat(alerts.get("StreamrankCheckpointSizeGrowing").path("expr").asText())
                .contains("lastCheckpointFullSize", "offset 1w");
        alerts.forEach((name, rule) -> assertThat(rule.path("labels").path("severity").asText())
                .as("severity of %s", name).isIn("page", "warning"));
    }

    @Test
    void composePrometheusConfigPassesPromtoolCheck(@TempDir Path dir) throws IOException {
        // The config names the rules by their path inside the container; point it at the repository's copy.
        String config = Repo.read(Repo.path("prometheus/prometheus.yml"))
                .replace("/etc/prometheus/rules/", Repo.path("prometheus/rules").toString() + "/");
        Path copy = Files.writeString(dir.resolve("prometheus.yml"), config);
        Tool.Result r = Tool.PROMTOOL.run(dir, 60, "check", "config", copy.toString());
        assertThat(r.ok()).as("promtool check config:%n%s", r.output()).isTrue();
        assertThat(r.output()).contains("SUCCESS: 1 rule files found");
    }

    @Test
    void kubernetesPrometheusRuleCarriesExactlyTheRulesFile() {
        JsonNode rules = MonitoringQueries.read(MonitoringQueries.YAML, Repo.path("prometheus/rules/streamrank.rules.yml"));
        JsonNode cr = MonitoringQueries.read(MonitoringQueries.YAML, Repo.path("deploy/monitoring/prometheusrule.yaml"));
        assertThat(cr.path("kind").asText()).isEqualTo("PrometheusRule");
        assertThat(cr.path("spec").path("groups")).isEqualTo(rules.path("groups"));
    }

    private static Map<String, JsonNode> alerts() {
        Map<String, JsonNode> alerts = new HashMap<>();
        for (Path f : MonitoringQueries.ruleFiles()) {
            for (JsonNode g : MonitoringQueries.read(MonitoringQueries.YAML, f).path("groups")) {
                for (JsonNode rule : g.path("rules")) {
                    if (rule.has("alert")) {
                        alerts.put(rule.get("alert").asText(), rule);
                    }
                }
            }
        }
        return alerts;
    }
}
