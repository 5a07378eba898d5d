package io.streamrank.registry.versions;

import com.sun.net.httpserver.HttpServer;
import io.streamrank.contract.auth.BearerTokens;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;

/**
 * The registry's REST API on the JDK's HTTP server (docs/adr/0031): JSON in and out, errors as RFC 9457 problem
 * details.
 *
 * <pre>
 * GET  /v1/models                     every version, newest first
 * GET  /v1/models/{version}           one version: stage, history, metadata, checksums
 * POST /v1/models                     {"version","reason"}: register a version already uploaded to the store
 * POST /v1/models/{version}/promote   {"stage","reason"}: move it to a stage; the answer carries "warning" when
 *                                     an unsigned version goes to production, canary or shadow (ADR 79)
 * POST /v1/models/rollback            {"reason"}: previous production version back into production
 * GET  /health/liveness               200 while the process serves
 * GET  /health/readiness              200 when the model store can be read, else 503 (a problem document)
 * GET  /metrics                       Prometheus text format (ADR 58)
 * </pre>
 * With {@link WriteTokens}, the three POSTs answer 401 unless they carry one of them as a bearer token (ADR 60); a
 * token file is re-read while the server runs (ADR 85), until it is closed. Beyond
 * {@link Admission#API_PERMITS} requests to {@code /v1/models} (or {@link Admission#PROBE_PERMITS} readiness checks
 * and scrapes) at once, it answers 503 {@code overloaded} with {@code Retry-After} at once; liveness takes no permit.
 * {@link ModelsEndpoint} answers {@code /v1/models}, {@link ProbeEndpoints} the health checks and the scrapes.
 */
public final class RegistryServer implements AutoCloseable {

    /** The JDK server's limit on reading one request, in seconds. */
    static final String MAX_REQUEST_SECONDS = "sun.net.httpserver.maxReqTime";

    private final HttpServer server;
    private final ExecutorService executor;
    private final RegistryMetrics metrics;
    private final WriteTokens tokens;

    private RegistryServer(HttpServer server, ExecutorService executor, RegistryMetrics metrics, WriteTokens tokens) {
        this.server = server;
        this.executor = executor;
        this.metrics = metrics;
        this.tokens = tokens;
    }

    /** Starts serving on {@code host:port} (port 0 = any free port), writes open to anyone who reaches it. */
    public static RegistryServer start(ModelRegistry registry, String host, int port) throws IOException {
        return start(registry, host, port, BearerTokens.NONE);
    }

    /** Starts serving on {@code host:port} (port 0 = any free port); writes need {@code token} when it is set. */
    static RegistryServer start(ModelRegistry registry, String host, int port, BearerTokens token) throws IOException {
        return start(registry, host, port, WriteTokens.fixed(token));
    }

    /**
     * Starts serving on {@code host:port} (port 0 = any free port); writes need one of the {@code tokens} in force
     * when there are any. The server owns {@code tokens} from here: it starts their file's poller once it serves, and
     * stops it when closed.
     */
    static RegistryServer start(ModelRegistry registry, String host, int port, WriteTokens tokens)
            throws IOException {
        // A client that sends its request slowly holds one of the server's threads, and enough of them would silence
        // the health probes too: the JDK server closes a request not read within this many seconds (no limit by
        // default; read once, when the first server starts, so an operator's -D wins).
        if (System.getProperty(MAX_REQUEST_SECONDS) == null) {
            System.setProperty(MAX_REQUEST_SECONDS, "30");
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
        ExecutorService executor = Admission.executor();
        RegistryMetrics metrics = new RegistryMetrics(registry, tokens);
        ModelsEndpoint models = new ModelsEndpoint(registry, metrics, tokens);
        ProbeEndpoints probes = new ProbeEndpoints(metrics);
        server.createContext("/v1/models", models::handle);
        server.createContext("/health", probes::health);
        server.createContext("/metrics", probes::metrics);
        server.setExecutor(executor);
        server.start();
        tokens.start(); // last: a server that failed to start leaves no thread behind
        return new RegistryServer(server, executor, metrics, tokens);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        tokens.close();
        server.stop(1);
        executor.shutdownNow();
        metrics.close();
    }
}
