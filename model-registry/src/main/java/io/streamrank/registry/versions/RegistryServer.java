package io.streamrank.registry.versions;

import static io.streamrank.registry.versions.Exchanges.body;
import static io.streamrank.registry.versions.Exchanges.problem;
import static io.streamrank.registry.versions.Exchanges.send;
import static io.streamrank.registry.versions.Exchanges.text;
import static io.streamrank.registry.versions.Exchanges.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.streamrank.contract.registry.Stage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;

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
 * With a {@link WriteToken}, the three POSTs answer 401 unless they carry it as a bearer token (ADR 60). Beyond
 * {@link Admission#API_PERMITS} requests to {@code /v1/models} (or {@link Admission#PROBE_PERMITS} readiness checks
 * and scrapes) at once, it answers 503 {@code overloaded} with {@code Retry-After} at once; liveness takes no permit.
 */
public final class RegistryServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RegistryServer.class.getName());
    /** The JDK server's limit on reading one request, in seconds. */
    static final String MAX_REQUEST_SECONDS = "sun.net.httpserver.maxReqTime";

    /** Thrown by {@link #authorize} when a write lacks the token; answered 401. */
    private static final class Unauthorized extends Exception {
        Unauthorized() {
            super(null, null, false, false);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final ModelRegistry registry;
    private final RegistryMetrics metrics;
    private final WriteToken token;
    private final Admission api = new Admission(Admission.API_PERMITS);
    private final Admission probes = new Admission(Admission.PROBE_PERMITS);

    private RegistryServer(HttpServer server, ExecutorService executor, ModelRegistry registry, WriteToken token) {
        this.server = server;
        this.executor = executor;
        this.registry = registry;
        this.metrics = new RegistryMetrics(registry);
        this.token = token;
    }

    /** Starts serving on {@code host:port} (port 0 = any free port), writes open to anyone who reaches it. */
    public static RegistryServer start(ModelRegistry registry, String host, int port) throws IOException {
        return start(registry, host, port, WriteToken.NONE);
    }

    /** Starts serving on {@code host:port} (port 0 = any free port); writes need {@code token} when it is set. */
    static RegistryServer start(ModelRegistry registry, String host, int port, WriteToken token) throws IOException {
        // A client that sends its request slowly holds one of the server's threads, and enough of them would silence
        // the health probes too: the JDK server closes a request not read within this many seconds (no limit by
        // default; read once, when the first server starts, so an operator's -D wins).
        if (System.getProperty(MAX_REQUEST_SECONDS) == null) {
            System.setProperty(MAX_REQUEST_SECONDS, "30");
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
        ExecutorService executor = Admission.executor();
        RegistryServer s = new RegistryServer(server, executor, registry, token);
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
        String path = ex.getRequestURI().getPath().replaceAll("/+$", "");
        String rest = path.length() > "/v1/models".length() ? path.substring("/v1/models/".length()) : "";
        String operation = operation(ex.getRequestMethod(), rest);
        try (ex) {
            api.run(ex, "registry requests", () -> serve(ex, operation, path, rest));
        } finally {
            metrics.request(operation, ex.getResponseCode(), System.nanoTime() - start);
        }
    }

    /** What a request to {@code /v1/models/<rest>} asks for: list, get, register, promote, rollback or unknown. */
    static String operation(String method, String rest) {
        boolean get = method.equals("GET");
        boolean post = method.equals("POST");
        if (rest.isEmpty()) {
            return get ? "list" : post ? "register" : "unknown";
        }
        if (post && rest.equals("rollback")) {
            return "rollback";
        }
        if (post && rest.endsWith("/promote")) {
            return "promote";
        }
        return get && !rest.contains("/") ? "get" : "unknown";
    }

    private void serve(HttpExchange ex, String operation, String path, String rest) throws IOException {
        try {
            switch (operation) {
                case "list" -> send(ex, 200, Map.of("versions", registry.list()));
                case "register" -> {
                    authorize(ex);
                    JsonNode body = body(ex);
                    VersionInfo v = registry.register(text(body, "version", null), text(body, "reason", "api"));
                    metrics.stageChanged(Stage.CANDIDATE);
                    send(ex, 201, v);
                }
                case "rollback" -> {
                    authorize(ex);
                    VersionInfo v = registry.rollback(text(body(ex), "reason", "api"));
                    metrics.stageChanged(Stage.PRODUCTION);
                    send(ex, 200, v);
                }
                case "promote" -> {
                    authorize(ex);
                    JsonNode body = body(ex);
                    String version = rest.substring(0, rest.length() - "/promote".length());
                    Stage stage = Stage.parse(text(body, "stage", null));
                    VersionInfo v = registry.promote(version, stage, text(body, "reason", "api"));
                    metrics.stageChanged(stage);
                    send(ex, 200, v);
                }
                case "get" -> send(ex, 200, registry.get(rest));
                default -> problem(ex, 404, "not-found", "Not found",
                        ex.getRequestMethod() + " " + path + " is not part of this API");
            }
        } catch (Unauthorized e) {
            ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"streamrank-registry\"");
            problem(ex, 401, "unauthorized", "Not authorized",
                    "registering, promoting and rolling back need the registry's bearer token");
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
        } catch (UncheckedIOException e) {
            LOG.log(System.Logger.Level.WARNING, "{0} {1}: the model store failed: {2}", ex.getRequestMethod(),
                    ex.getRequestURI(), e.getCause());
            problem(ex, 503, "store-unavailable", "Model store unavailable",
                    "the model store could not be read or written; retry later");
        } catch (RuntimeException e) {
            // Not the store being away (a corrupt stage record, a bug): logged with its cause, answered as such.
            LOG.log(System.Logger.Level.ERROR, ex.getRequestMethod() + " " + ex.getRequestURI() + " failed", e);
            problem(ex, 500, "internal-error", "Internal error",
                    "the registry could not complete the request; its log has the cause");
        }
    }

    /** Writes need the token when one is set; the request body is not read before. */
    private void authorize(HttpExchange ex) throws Unauthorized {
        if (!token.permits(ex.getRequestHeaders().getFirst("Authorization"))) {
            throw new Unauthorized();
        }
    }

    /**
     * Liveness answers while the process serves; readiness only while the model store can be read, so that a
     * registry cut off from its store takes no requests but is not restarted for it. Liveness reads nothing and takes
     * no permit, so that a registry busy with requests is not restarted for being busy.
     */
    private void health(HttpExchange ex) throws IOException {
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

    private void metrics(HttpExchange ex) throws IOException {
        try (ex) {
            if (!ex.getRequestMethod().equals("GET")) {
                problem(ex, 405, "method-not-allowed", "Method not allowed", "the metrics endpoint answers GET only");
                return;
            }
            probes.run(ex, "readiness checks and scrapes", () -> write(ex, 200,
                    "text/plain; version=0.0.4; charset=utf-8", metrics.scrape().getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Override
    public void close() {
        server.stop(1);
        executor.shutdownNow();
        metrics.close();
    }
}
