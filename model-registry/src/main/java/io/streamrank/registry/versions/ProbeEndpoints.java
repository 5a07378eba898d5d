package io.streamrank.registry.versions;

import static io.streamrank.registry.versions.Exchanges.problem;
import static io.streamrank.registry.versions.Exchanges.send;
import static io.streamrank.registry.versions.Exchanges.write;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Answers {@code /health/liveness}, {@code /health/readiness} and {@code /metrics}, readiness and scrapes within their
 * own {@link Admission#PROBE_PERMITS}, so that a flood of API requests does not silence them.
 */
final class ProbeEndpoints {

    private final RegistryMetrics metrics;
    private final Admission probes = new Admission(Admission.PROBE_PERMITS);

    ProbeEndpoints(RegistryMetrics metrics) {
        this.metrics = metrics;
    }

    /**
     * Liveness answers while the process serves; readiness only while the model store can be read, so that a
     * registry cut off from its store takes no requests but is not restarted for it. Liveness reads nothing and takes
     * no permit, so that a registry busy with requests is not restarted for being busy.
     */
    void health(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath().replaceAll("/+$", "");
            if (!ex.getRequestMethod().equals("GET")) {
                problem(ex, 405, "method-not-allowed", "Method not allowed", "health endpoints answer GET only");
            } else if (path.equals("/health/liveness") || path.equals("/health")) {
                send(ex, 200, Map.of("status", "UP"));
            } else if (path.equals("/health/readiness")) {
                probes.run(ex, "readiness checks and scrapes", () -> {
                    if (metrics.refresh()) {
                        send(ex, 200, Map.of("status", "UP"));
                    } else {
                        problem(ex, 503, "store-unavailable", "Model store unavailable",
                                "the model store could not be read; not ready");
                    }
                });
            } else {
                problem(ex, 404, "not-found", "Not found", path + " is not part of this API");
            }
        }
    }

    void metrics(HttpExchange ex) throws IOException {
        try (ex) {
            if (!ex.getRequestMethod().equals("GET")) {
                problem(ex, 405, "method-not-allowed", "Method not allowed", "the metrics endpoint answers GET only");
                return;
            }
            probes.run(ex, "readiness checks and scrapes", () -> write(ex, 200,
                    "text/plain; version=0.0.4; charset=utf-8", metrics.scrape().getBytes(StandardCharsets.UTF_8)));
        }
    }
}
