package io.streamrank.registry.versions;

import static io.streamrank.registry.versions.Exchanges.body;
import static io.streamrank.registry.versions.Exchanges.problem;
import static io.streamrank.registry.versions.Exchanges.send;
import static io.streamrank.registry.versions.Exchanges.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import io.streamrank.contract.auth.BearerTokens;
import io.streamrank.contract.registry.Stage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Answers {@code /v1/models} (list, get, register, promote, rollback; see {@link RegistryServer}): the writes behind
 * the token, at most {@link Admission#API_PERMITS} requests at once, and the registry's failures as problem details.
 */
final class ModelsEndpoint {

    /** The server's logger: operators configure one name for the whole API. */
    private static final System.Logger LOG = System.getLogger(RegistryServer.class.getName());

    /** Thrown by {@link #authorize} when a write lacks the token; answered 401. */
    private static final class Unauthorized extends Exception {
        Unauthorized() {
            super(null, null, false, false);
        }
    }

    private final ModelRegistry registry;
    private final RegistryMetrics metrics;
    private final Supplier<BearerTokens> tokens;
    private final Admission api = new Admission(Admission.API_PERMITS);

    /** @param tokens the tokens in force, asked on every write: a reload applies to the next request */
    ModelsEndpoint(ModelRegistry registry, RegistryMetrics metrics, Supplier<BearerTokens> tokens) {
        this.registry = registry;
        this.metrics = metrics;
        this.tokens = tokens;
    }

    void handle(HttpExchange ex) throws IOException {
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
                    sendWarned(ex, path, v, unsignedWarning(v.version(), Stage.PRODUCTION));
                }
                case "promote" -> promote(ex, path, rest);
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

    /** Answers the version's record, with the warning of an unsigned version put in front of services (ADR 79). */
    private void promote(HttpExchange ex, String path, String rest) throws IOException, Unauthorized {
        authorize(ex);
        JsonNode body = body(ex);
        String version = rest.substring(0, rest.length() - "/promote".length());
        Stage stage = Stage.parse(text(body, "stage", null));
        VersionInfo v = registry.promote(version, stage, text(body, "reason", "api"));
        metrics.stageChanged(stage);
        sendWarned(ex, path, v, unsignedWarning(version, stage));
    }

    /** The version moved, with the {@code warning} field and a WARNING log line when there is a warning. */
    private static void sendWarned(HttpExchange ex, String path, VersionInfo v, String warning) throws IOException {
        if (warning == null) {
            send(ex, 200, v);
        } else {
            LOG.log(System.Logger.Level.WARNING, "POST {0}: {1}", path, warning);
            send(ex, 200, Exchanges.withField(v, "warning", warning));
        }
    }

    /**
     * The warning of {@link UnsignedPromotion}, or null. The promotion is done by then: a store that fails to say
     * whether there is a signature gets a warning saying so, not an error answer for a change that was made.
     */
    private String unsignedWarning(String version, Stage stage) {
        return UnsignedPromotion.warningOrUnknown(registry.repository(), version, stage).orElse(null);
    }

    /** Writes need one of the tokens in force when there are any; the request body is not read before. */
    private void authorize(HttpExchange ex) throws Unauthorized {
        if (!tokens.get().permits(ex.getRequestHeaders().getFirst("Authorization"))) {
            throw new Unauthorized();
        }
    }
}
