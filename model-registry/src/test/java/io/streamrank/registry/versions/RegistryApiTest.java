package io.streamrank.registry.versions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamrank.contract.registry.LocalDirectoryStore;
import io.streamrank.contract.registry.ObjectStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The REST API and the CLI over the same store: list, get, register, promote, roll back, refusals, and the service's
 * health and metrics endpoints.
 */
class RegistryApiTest {

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void restApiRegistersPromotesAndRollsBack() throws Exception {
        Path store = dir.resolve("store");
        StoredVersions.upload(store, "v1");
        StoredVersions.upload(store, "v2");
        try (RegistryServer server = RegistryServer.start(new ModelRegistry(new LocalDirectoryStore(store)),
                "127.0.0.1", 0)) {
            String base = "http://127.0.0.1:" + server.port() + "/v1/models";

            assertThat(post(base, "{\"version\":\"v1\",\"reason\":\"t\"}").statusCode()).isEqualTo(201);
            assertThat(post(base, "{\"version\":\"v1\"}").statusCode()).isEqualTo(409);
            assertThat(post(base + "/v1/promote", "{\"stage\":\"production\"}").statusCode()).isEqualTo(200);
            assertThat(post(base + "/v2/promote", "{\"stage\":\"production\",\"reason\":\"r\"}").statusCode())
                    .isEqualTo(200);
            JsonNode listed = json.readTree(get(base).body()).get("versions");
            assertThat(listed.get(0).get("version").asText()).isEqualTo("v2");
            assertThat(listed.get(0).get("stage").asText()).isEqualTo("production");
            assertThat(listed.get(1).get("stage").asText()).isEqualTo("archived");

            HttpResponse<String> back = post(base + "/rollback", "{\"reason\":\"regression\"}");
            assertThat(back.statusCode()).isEqualTo(200);
            assertThat(json.readTree(back.body()).get("version").asText()).isEqualTo("v1");
            JsonNode one = json.readTree(get(base + "/v1").body());
            assertThat(one.get("stage").asText()).isEqualTo("production");
            assertThat(one.get("checksums").has("metadata.json")).isTrue();
        }
    }

    @Test
    void errorsAreProblemDetails() throws Exception {
        Path store = dir.resolve("store");
        StoredVersions.upload(store, "v1");
        Files.writeString(store.resolve("v1/metadata.json"), "{\"tampered\":1}");
        try (RegistryServer server = RegistryServer.start(new ModelRegistry(new LocalDirectoryStore(store)),
                "127.0.0.1", 0)) {
            String base = "http://127.0.0.1:" + server.port() + "/v1/models";

            HttpResponse<String> refused = post(base + "/v1/promote", "{\"stage\":\"production\"}");
            assertThat(refused.statusCode()).isEqualTo(422);
            assertThat(refused.headers().firstValue("content-type")).contains("application/problem+json");
            JsonNode p = json.readTree(refused.body());
            assertThat(p.get("type").asText()).endsWith("/checksum-mismatch");
            assertThat(p.get("detail").asText()).contains("metadata.json");

            assertThat(get(base + "/v9").statusCode()).isEqualTo(404);
            assertThat(post(base + "/v1/promote", "{\"stage\":\"live\"}").statusCode()).isEqualTo(400);
            assertThat(post(base + "/v1/promote", "not json").statusCode()).isEqualTo(400);
            assertThat(post(base + "/rollback", "{}").statusCode()).isEqualTo(409);
        }
    }

    @Test
    void metricsCountRequestsStageChangesAndVersionsPerStage() throws Exception {
        Path store = dir.resolve("store");
        StoredVersions.upload(store, "v1");
        StoredVersions.upload(store, "v2");
        StoredVersions.upload(store, "v3");
        try (RegistryServer server = RegistryServer.start(new ModelRegistry(new LocalDirectoryStore(store)),
                "127.0.0.1", 0)) {
            String root = "http://127.0.0.1:" + server.port();
            String base = root + "/v1/models";
            post(base, "{\"version\":\"v1\"}");
            post(base + "/v1/promote", "{\"stage\":\"production\"}");
            post(base + "/v2/promote", "{\"stage\":\"canary\"}");
            get(base + "/v9");

            HttpResponse<String> scrape = get(root + "/metrics");
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.headers().firstValue("content-type")).hasValueSatisfying(
                    t -> assertThat(t).startsWith("text/plain"));
            assertThat(scrape.body()).contains(
                    "streamrank_registry_versions{stage=\"production\"} 1.0",
                    "streamrank_registry_versions{stage=\"canary\"} 1.0",
                    // v3 was never registered: a complete version without a stage record counts as a candidate.
                    "streamrank_registry_versions{stage=\"candidate\"} 1.0",
                    "streamrank_registry_versions{stage=\"archived\"} 0.0",
                    "streamrank_registry_store_up 1.0",
                    "streamrank_registry_stage_changes_total{stage=\"production\"} 1.0",
                    "streamrank_registry_requests_seconds_count{operation=\"register\",status=\"201\"} 1",
                    "streamrank_registry_requests_seconds_count{operation=\"promote\",status=\"200\"} 2",
                    "streamrank_registry_requests_seconds_count{operation=\"get\",status=\"404\"} 1",
                    "jvm_memory_used_bytes");
        }
    }

    @Test
    void readinessFollowsTheStoreWhileLivenessDoesNot() throws Exception {
        Path store = dir.resolve("store");
        StoredVersions.upload(store, "v1");
        AtomicBoolean down = new AtomicBoolean();
        try (RegistryServer server = RegistryServer.start(new ModelRegistry(outage(store, down)), "127.0.0.1", 0)) {
            String root = "http://127.0.0.1:" + server.port();
            assertThat(get(root + "/health/readiness").statusCode()).isEqualTo(200);

            down.set(true);

            HttpResponse<String> ready = get(root + "/health/readiness");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(json.readTree(ready.body()).get("type").asText()).endsWith("/store-unavailable");
            assertThat(get(root + "/health/liveness").statusCode()).isEqualTo(200);
            assertThat(get(root + "/metrics").body()).contains("streamrank_registry_store_up 0.0");

            down.set(false);
            assertThat(get(root + "/health/readiness").statusCode()).isEqualTo(200);
        }
    }

    /**
     * The directory store, failing every call with an I/O error while {@code down} is set: what an S3 endpoint that
     * stopped answering looks like to the registry, without a server to stop (S3ModelStoreIT stops a real one).
     */
    private static ObjectStore outage(Path store, AtomicBoolean down) {
        ObjectStore real = new LocalDirectoryStore(store);
        return (ObjectStore) Proxy.newProxyInstance(ObjectStore.class.getClassLoader(),
                new Class<?>[] {ObjectStore.class}, (proxy, method, args) -> {
                    if (down.get() && !method.getName().equals("location")) {
                        throw new IOException("store unreachable");
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void cliDoesTheSameOperations() throws Exception {
        Path store = dir.resolve("store");
        Path export = dir.resolve("exports/v7");
        StoredVersions.write(export, "v7");

        assertThat(cli("publish", export.toString(), "--store", store.toString())).isZero();
        assertThat(cli("promote", "v7", "canary", "--store", store.toString(), "--reason", "try")).isZero();
        assertThat(listed(store)).contains("v7\tcanary");
        assertThat(cli("rollback", "--store", store.toString())).isEqualTo(5);
        assertThat(cli("get", "v8", "--store", store.toString())).isEqualTo(4);
        Files.writeString(store.resolve("v7/model/saved_model.pb"), "x");
        assertThat(cli("promote", "v7", "production", "--store", store.toString())).isEqualTo(3);
    }

    @Test
    void aMisspeltOptionIsRefusedBeforeTheStoreChanges() throws Exception {
        Path store = dir.resolve("store-typo");
        Path export = dir.resolve("exports/v9");
        StoredVersions.write(export, "v9");
        assertThat(cli("publish", export.toString(), "--store", store.toString())).isZero();

        assertThat(cli("promote", "v9", "production", "--store", store.toString(), "--reasn", "typo")).isEqualTo(2);

        assertThat(listed(store)).as("still a candidate").contains("v9\tcandidate");
    }

    /** What {@code list} prints for {@code store}. */
    private static String listed(Path store) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(RegistryCommand.run(new String[] {"list", "--store", store.toString()}, print(out),
                print(new ByteArrayOutputStream()))).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    private int cli(String... args) {
        return RegistryCommand.run(args, print(new ByteArrayOutputStream()), print(new ByteArrayOutputStream()));
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String url, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("content-type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
    }



    private static PrintStream print(ByteArrayOutputStream out) {
        return new PrintStream(out, true, StandardCharsets.UTF_8);
    }
}
