package io.streamrank.pipeline.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Reads the job's metrics from its Prometheus reporter, as a scraper would. */
final class Prometheus {

    static final String OPERATOR = "flink_taskmanager_job_task_operator_";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI uri;

    Prometheus(int port) {
        this.uri = URI.create("http://127.0.0.1:" + port + "/metrics");
    }

    String scrape() {
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            return "";
        }
    }

    /** Sum of a metric over all its series whose labels contain {@code labelFilter} (empty: all). */
    static double sum(String exposition, String name, String labelFilter) {
        double sum = 0;
        for (String l : exposition.lines().toList()) {
            if ((l.startsWith(name + "{") || l.startsWith(name + " ")) && l.contains(labelFilter)) {
                sum += Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /** The largest value of one quantile of a summary metric over its series (e.g. the worst subtask's p99). */
    static double maxQuantile(String exposition, String name, String quantile) {
        double max = Double.NaN;
        for (String l : exposition.lines().toList()) {
            if (l.startsWith(name + "{") && l.contains("quantile=\"" + quantile + "\"")) {
                double v = Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1));
                if (!Double.isNaN(v)) {
                    max = Double.isNaN(max) ? v : Math.max(max, v);
                }
            }
        }
        return max;
    }
}
