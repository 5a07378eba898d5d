package io.streamrank.ops.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.streamrank.ops.Repo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Every PromQL expression the project ships: Grafana dashboard targets, Prometheus alert and recording rules, and the
 * Prometheus adapter rules behind the requests-per-pod autoscaler.
 */
final class MonitoringQueries {

    static final ObjectMapper JSON = new ObjectMapper();
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** One expression and where it is. */
    record Query(String where, String expr) {
    }

    private MonitoringQueries() {
    }

    static List<Path> dashboards() {
        return Repo.files(Repo.path("grafana/dashboards"), ".json");
    }

    static List<Path> ruleFiles() {
        return Repo.files(Repo.path("prometheus/rules"), ".rules.yml");
    }

    static Path adapterValues() {
        return Repo.path("deploy/monitoring/prometheus-adapter-values.yaml");
    }

    static List<Query> all() {
        List<Query> out = new ArrayList<>();
        for (Path d : dashboards()) {
            JsonNode dash = read(JSON, d);
            for (JsonNode panel : panels(dash)) {
                for (JsonNode t : panel.path("targets")) {
                    if (t.hasNonNull("expr")) {
                        out.add(new Query(d.getFileName() + " / " + panel.path("title").asText(), t.get("expr").asText()));
                    }
                }
            }
        }
        for (Path f : ruleFiles()) {
            for (JsonNode group : read(YAML, f).path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    String name = rule.has("alert") ? rule.get("alert").asText() : rule.path("record").asText();
                    out.add(new Query(f.getFileName() + " / " + name, rule.path("expr").asText()));
                }
            }
        }
        for (JsonNode rule : read(YAML, adapterValues()).path("rules").path("custom")) {
            String name = rule.path("name").path("as").asText();
            out.add(new Query("prometheus-adapter / " + name, rule.path("seriesQuery").asText()));
            out.add(new Query("prometheus-adapter / " + name, rule.path("metricsQuery").asText()));
        }
        return out;
    }

    /** Panels of a dashboard, rows' nested panels included. */
    static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode p : dashboard.path("panels")) {
            out.add(p);
            p.path("panels").forEach(out::add);
        }
        return out;
    }

    /** Metric name → where it is used. */
    static Map<String, Set<String>> referencedNames() {
        Map<String, Set<String>> names = new TreeMap<>();
        for (Query q : all()) {
            for (String n : PromQl.metricNames(q.expr())) {
                names.computeIfAbsent(n, k -> new TreeSet<>()).add(q.where());
            }
        }
        return names;
    }

    static JsonNode read(ObjectMapper mapper, Path file) {
        try {
            return mapper.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + file, e);
        }
    }
}
