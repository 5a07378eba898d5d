package io.streamrank.registry.versions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.streamrank.contract.registry.Stage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The registry's REST API on the JDK's HTTP server (docs/adr/0031): JSON in and out, errors as RFC 9457 problem
 * details.
 *
 * <pre>
 * GET  /v1/models                     every version, newest first
 * GET  /v1/models/{version}           one version: stage, history, metadata, checksums
 * POST /v1/models                     {"version","reason"}: register a version already uploaded to the store
 * POST /v1/models/{version}/promote   {"stage","reason"}: move it to a stage
 * POST /v1/models/rollback            {"reason"}: previous production version back into production
 * GET  /health/liveness               200 while the process serves
 * GET  /health/readiness              200 when the model store can be read, else 503 (a problem document)
 * GET  /metrics                       Prometheus text format (ADR 58)
 * </pre>
 */
public final class RegistryServer implements AutoCloseable {

    static final String PROBLEMS = "https://streamrank.io/problems/";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final int MAX_BODY = 64 * 1024;

    private final HttpServer server;
    private final ExecutorService executor;
    private final ModelRegistry registry;
    private final RegistryMetrics metrics;

    private RegistryServer(HttpServer server, ExecutorService executor, ModelRegistry registry) {
        this.server = server;
        this.executor = executor;
        this.registry = registry;
        this.metrics = new RegistryMetrics(registry);
    }

    /** Starts serving on {@code host:port} (port 0 = any free port). */
    public static RegistryServer start(ModelRegistry registry, String host, int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
        ExecutorService executor = Executors.newFixedThreadPool(4);
        RegistryServer s = new RegistryServer(server, executor, registry);
        server.createContext("/v1/models", s::handle);
        server.createContext("/health", s::health);
        server.createContext("/metrics", s::metrics);
        server.setExecutor(executor);
        server.start();
        return s;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        long start = System.nanoTime();
        String operation = "unknown";
        try (ex) {
            String path = ex.getRequestURI().getPath().replaceAll("/+$", "");
            String method = ex.getRequestMethod();
            String rest = path.length() > "/v1/models".length() ? path.substring("/v1/models/".length()) : "";
            try {
                if (rest.isEmpty() && method.equals("GET")) {
                    operation = "list";
                    send(ex, 200, Map.of("versions", registry.list()));
                } else if (rest.isEmpty() && method.equals("POST")) {
                    operation = "register";
                    JsonNode body = body(ex);
                    VersionInfo v = registry.register(text(body, "version", null), text(body, "reason", "api"));
                    metrics.stageChanged(Stage.CANDIDATE.wireName());
                    send(ex, 201, v);
                } else if (rest.equals("rollback") && method.equals("POST")) {
                    operation = "rollback";
                    VersionInfo v = registry.rollback(text(body(ex), "reason", "api"));
                    metrics.stageChanged(Stage.PRODUCTION.wireName());
                    send(ex, 200, v);
                } else if (rest.endsWith("/promote") && method.equals("POST")) {
                    operation = "promote";
                    JsonNode body = body(ex);
                    String version = rest.substring(0, rest.length() - "/promote".length());
                    Stage stage = Stage.parse(text(body, "stage", null));
                    VersionInfo v = registry.promote(version, stage, text(body, "reason", "api"));
                    metrics.stageChanged(stage.wireName());
                    send(ex, 200, v);
                } else if (!rest.isEmpty() && !rest.contains("/") && method.equals("GET")) {
                    operation = "get";
                    send(ex, 200, registry.get(rest));
                } else {
                    problem(ex, 404, "not-found", "Not found", method + " " + path + " is not part of this API");
                }
            } catch (RegistryException e) {
                switch (e.kind()) {
                    case NOT_FOUND -> problem(ex, 404, "model-not-found", "Model version not found", e.getMessage());
                    case CONFLICT -> problem(ex, 409, "model-conflict", "Conflicts with the registry", e.getMessage());
                    case CHECKSUM_MISMATCH -> problem(ex, 422, "checksum-mismatch", "Model version refused",
                            e.getMessage());
                    default -> problem(ex, 400, "invalid-request", "Invalid request", e.getMessage());
                }
            } catch (IllegalArgumentException e) {
                problem(ex, 400, "invalid-request", "Invalid request", e.getMessage());
            } catch (RuntimeException e) {
                problem(ex, 503, "store-unavailable", "Model store unavailable",
                        "the model store could not be read or written; retry later");
            }
        } finally {
            metrics.request(operation, ex.getResponseCode(), System.nanoTime() - start);
        }
    }

    /**
     * Liveness answers while the process serves; readiness only while the model store can be read, so that a
     * registry cut off from its store takes no requests but is not restarted for it.
     */
    private void health(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath().replaceAll("/+$", "");
            if (!ex.getRequestMethod().equals("GET")) {
                problem(ex, 405, "method-not-allowed", "Method not allowed", "health endpoints answer GET only");
            } else if (path.equals("/health/liveness") || path.equals("/health")) {
                send(ex, 200, Map.of("status", "UP"));
            } else if (path.equals("/health/readiness")) {
                if (metrics.refresh()) {
                    send(ex, 200, Map.of("status", "UP"));
                } else {
                    problem(ex, 503, "store-unavailable", "Model store unavailable",
                            "the model store could not be read; not ready");
                }
            } else {
                problem(ex, 404, "not-found", "Not found", path + " is not part of this API");
            }
        }
    }

    private void metrics(HttpExchange ex) throws IOException {
        try (ex) {
            if (!ex.getRequestMethod().equals("GET")) {
                problem(ex, 405, "method-not-allowed", "Method not allowed", "the metrics endpoint answers GET only");
                return;
            }
            write(ex, 200, "text/plain; version=0.0.4; charset=utf-8",
                    metrics.scrape().getBytes(StandardCharsets.UTF_8));
        }
    }

    private static JsonNode body(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            byte[] raw = in.readNBytes(MAX_BODY + 1);
            if (raw.length > MAX_BODY) {
                throw new IllegalArgumentException("request body over " + MAX_BODY + " bytes");
            }
            if (raw.length == 0) {
                return JSON.createObjectNode();
            }
            try {
                JsonNode n = JSON.readTree(raw);
                if (n == null || !n.isObject()) {
                    throw new IllegalArgumentException("the body must be a JSON object");
                }
                return n;
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalArgumentException("the body is not valid JSON");
            }
        }
    }

    private static String text(JsonNode body, String field, String fallback) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            if (fallback == null) {
                throw new IllegalArgumentException("field '" + field + "' is required");
            }
            return fallback;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException("field '" + field + "' must be a string");
        }
        return v.asText();
    }

    private static void send(HttpExchange ex, int status, Object body) throws IOException {
        write(ex, status, "application/json", JSON.writeValueAsBytes(body));
    }

    private static void problem(HttpExchange ex, int status, String type, String title, String detail)
            throws IOException {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("type", PROBLEMS + type);
        p.put("title", title);
        p.put("status", status);
        p.put("detail", detail);
        p.put("instance", ex.getRequestURI().getPath());
        write(ex, status, "application/problem+json", JSON.writeValueAsBytes(p));
    }

    private static void write(HttpExchange ex, int status, String type, byte[] bytes) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(1);
        executor.shutdownNow();
        metrics.close();
    }
}
