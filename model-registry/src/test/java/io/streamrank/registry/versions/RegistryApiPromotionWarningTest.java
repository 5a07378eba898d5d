package io.streamrank.registry.versions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamrank.contract.registry.LocalDirectoryStore;
import io.streamrank.contract.registry.SigningKeys;
import io.streamrank.contract.registry.VersionSigner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API's promotion says what the CLI's says (ADR 79): an unsigned version promoted into a stage the services load
 * is answered with a {@code warning} and logged at WARNING; an archived or signed one is not.
 */
class RegistryApiPromotionWarningTest {

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    /** The server logs through System.Logger, which is java.util.logging here. */
    private final Logger log = Logger.getLogger(RegistryServer.class.getName());
    private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            logged.add(r);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLog() {
        log.addHandler(capture);
    }

    @AfterEach
    void releaseLog() {
        log.removeHandler(capture);
    }

    @Test
    void promotingAnUnsignedVersionToAServedStageAnswersWithTheWarningAndLogsIt() throws Exception {
        Path store = dir.resolve("store");
        StoredVersions.upload(store, "v1");
        try (RegistryServer server = RegistryServer.start(new ModelRegistry(new LocalDirectoryStore(store)),
                "127.0.0.1", 0)) {
            HttpResponse<String> promoted = promote(server, "v1", "canary");

            assertThat(promoted.statusCode()).isEqualTo(200);
            JsonNode answer = json.readTree(promoted.body());
            assertThat(answer.get("version").asText()).isEqualTo("v1");
            assertThat(answer.get("stage").asText()).isEqualTo("canary");
            assertThat(answer.path("warning").asText()).contains("v1 is unsigned: services that require signatures",
                    "`registry sign v1` signs it");
            assertThat(logged).anySatisfy(r -> {
                assertThat(r.getLevel()).isEqualTo(Level.WARNING);
                assertThat(java.text.MessageFormat.format(r.getMessage(), r.getParameters()))
                        .contains("/v1/models/v1/promote", "v1 is unsigned");
            });
        }
    }

    @Test
    void anArchivedOrASignedVersionIsPromotedWithoutAWarning() throws Exception {
        Path store = dir.resolve("store");
        StoredVersions.upload(store, "v1");
        ModelRegistry registry = new ModelRegistry(new LocalDirectoryStore(store));
        try (RegistryServer server = RegistryServer.start(registry, "127.0.0.1", 0)) {
            HttpResponse<String> archived = promote(server, "v1", "archived");
            assertThat(archived.statusCode()).isEqualTo(200);
            assertThat(json.readTree(archived.body()).has("warning")).as("no service loads it").isFalse();

            new VersionSigning(registry.repository()).sign("v1",
                    new VersionSigner(SigningKeys.generate().getPrivate()), false);
            HttpResponse<String> signed = promote(server, "v1", "production");

            assertThat(signed.statusCode()).isEqualTo(200);
            assertThat(json.readTree(signed.body()).has("warning")).isFalse();
            assertThat(json.readTree(signed.body()).get("stage").asText()).isEqualTo("production");
            assertThat(logged).noneMatch(r -> r.getLevel() == Level.WARNING);
        }
    }

    @Test
    void aRollbackToAnUnsignedVersionAnswersWithTheWarningAndLogsIt() throws Exception {
        Path store = dir.resolve("store");
        StoredVersions.upload(store, "v1");
        StoredVersions.upload(store, "v2");
        ModelRegistry registry = new ModelRegistry(new LocalDirectoryStore(store));
        new VersionSigning(registry.repository()).sign("v2",
                new VersionSigner(SigningKeys.generate().getPrivate()), false);
        try (RegistryServer server = RegistryServer.start(registry, "127.0.0.1", 0)) {
            assertThat(promote(server, "v1", "production").statusCode()).isEqualTo(200);
            assertThat(promote(server, "v2", "production").statusCode()).isEqualTo(200);
            logged.clear();

            HttpResponse<String> rolledBack = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + server.port() + "/v1/models/rollback")).POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .header("content-type", "application/json").build(), HttpResponse.BodyHandlers.ofString());

            assertThat(rolledBack.statusCode()).isEqualTo(200);
            JsonNode answer = json.readTree(rolledBack.body());
            assertThat(answer.get("version").asText()).isEqualTo("v1");
            assertThat(answer.get("stage").asText()).isEqualTo("production");
            assertThat(answer.path("warning").asText()).contains("v1 is unsigned");
            assertThat(logged).anySatisfy(r -> assertThat(r.getLevel()).isEqualTo(Level.WARNING));
        }
    }

    private HttpResponse<String> promote(RegistryServer server, String version, String stage) throws Exception {
        String url = "http://127.0.0.1:" + server.port() + "/v1/models/" + version + "/promote";
        return http.send(HttpRequest.newBuilder(URI.create(url))
                .POST(HttpRequest.BodyPublishers.ofString("{\"stage\":\"" + stage + "\"}"))
                .header("content-type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
    }
}
