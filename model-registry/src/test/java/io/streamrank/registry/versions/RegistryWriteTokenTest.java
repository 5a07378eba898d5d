package io.streamrank.registry.versions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamrank.contract.auth.BearerTokens;
import io.streamrank.contract.registry.LocalDirectoryStore;
import io.streamrank.registry.cli.Args;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ADR 60: with a token, the registry's writes need it as a bearer token; reads, health and metrics do not. */
class RegistryWriteTokenTest {

    private static final String TOKEN = "s3cret-0123456789-abcdef";

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void writesWithoutTheTokenAnswer401AndChangeNothing() throws Exception {
        Path store = dir.resolve("store");
        StoredVersions.upload(store, "v1");
        ModelRegistry registry = new ModelRegistry(new LocalDirectoryStore(store));
        try (RegistryServer server = RegistryServer.start(registry, "127.0.0.1", 0, BearerTokens.parse(TOKEN, ServeCommand.WHAT))) {
            String root = "http://127.0.0.1:" + server.port();
            String base = root + "/v1/models";

            HttpResponse<String> missing = post(base, "{\"version\":\"v1\"}", null);
            assertThat(missing.statusCode()).isEqualTo(401);
            assertThat(missing.headers().firstValue("www-authenticate")).contains(
                    "Bearer realm=\"streamrank-registry\"");
            assertThat(missing.headers().firstValue("content-type")).contains("application/problem+json");
            assertThat(new ObjectMapper().readTree(missing.body()).get("type").asText()).isEqualTo(
                    "https://streamrank.io/problems/unauthorized");
            assertThat(post(base, "{\"version\":\"v1\"}", "Bearer wrong-token-0123456789").statusCode())
                    .isEqualTo(401);
            assertThat(post(base, "{\"version\":\"v1\"}", "Basic " + TOKEN).statusCode()).isEqualTo(401);
            assertThat(post(base + "/v1/promote", "{\"stage\":\"production\"}", null).statusCode()).isEqualTo(401);
            assertThat(post(base + "/rollback", "{}", null).statusCode()).isEqualTo(401);
            // Refused before the registry was asked: v1 is still a plain upload, never registered.
            assertThat(registry.get("v1").stages()).isNull();

            assertThat(post(base, "{\"version\":\"v1\"}", "Bearer " + TOKEN).statusCode()).isEqualTo(201);
            assertThat(post(base + "/v1/promote", "{\"stage\":\"production\"}", "bearer " + TOKEN).statusCode())
                    .isEqualTo(200);
            assertThat(get(base).statusCode()).isEqualTo(200);
            assertThat(get(root + "/health/readiness").statusCode()).isEqualTo(200);
            assertThat(get(root + "/metrics").body()).contains(
                    "streamrank_registry_requests_seconds_count{operation=\"register\",status=\"401\"} 3",
                    "streamrank_registry_requests_seconds_count{operation=\"register\",status=\"201\"} 1");
        }
    }

    @Test
    void serveNeedsATokenOrAnExplicitOptOutBeyondLoopback() throws Exception {
        assertThatThrownBy(() -> tokens(args(), "0.0.0.0", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--token-file");
        assertThat(tokens(args("--unauthenticated", "true"), "0.0.0.0", null).get().required()).isFalse();
        assertThat(tokens(args(), "127.0.0.1", null).get().required()).isFalse();
        assertThat(tokens(args(), "0.0.0.0", TOKEN).get().required()).isTrue();

        Path file = dir.resolve("token");
        Files.writeString(file, TOKEN + "\n"); // as `kubectl create secret --from-file` or an editor leaves it
        BearerTokens fromFile = tokens(args("--token-file", file.toString()), "0.0.0.0", null).get();
        assertThat(fromFile.permits("Bearer " + TOKEN)).isTrue();
        assertThat(fromFile.permits("Bearer " + TOKEN + "x")).isFalse();
        assertThat(fromFile.permits(null)).isFalse();

        assertThatThrownBy(() -> BearerTokens.parse("short", ServeCommand.WHAT)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 16");
        assertThat(BearerTokens.NONE.permits(null)).isTrue();
    }

    @Test
    void theEnvironmentMayHoldSeveralTokensOneALineReadOnce() throws Exception {
        // The same format as the file, so a rotation through the environment works alike (with a restart).
        WriteTokens env = tokens(args(), "0.0.0.0", TOKEN + "\n# next\nnext-token-0123456789\n");
        assertThat(env.get().count()).isEqualTo(2);
        assertThat(env.get().permits("Bearer next-token-0123456789")).isTrue();
        assertThat(env.file()).isNull();
        assertThat(ServeCommand.describe(env)).isEqualTo("writes need one of the 2 bearer tokens in "
                + "STREAMRANK_REGISTRY_TOKEN");

        assertThatThrownBy(() -> tokens(args(), "0.0.0.0", TOKEN + "\nnot a token at all"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(line 2)")
                .hasMessageContaining("STREAMRANK_REGISTRY_TOKEN")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(TOKEN, "not a token"));
    }

    @Test
    void tokenReloadTakesShortDurationsOrIso8601AndZeroTurnsItOff() throws Exception {
        assertThat(ServeCommand.reloadPeriod(ServeCommand.DEFAULT_RELOAD)).isEqualTo(Duration.ofSeconds(10));
        assertThat(ServeCommand.reloadPeriod("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(ServeCommand.reloadPeriod("1m")).isEqualTo(Duration.ofMinutes(1));
        assertThat(ServeCommand.reloadPeriod("PT30S")).isEqualTo(Duration.ofSeconds(30));
        assertThat(ServeCommand.reloadPeriod("0s")).isZero();
        assertThat(ServeCommand.reloadPeriod("0")).isZero();
        for (String bad : new String[] {"soon", "10", "-1s", "", "s", "PT-1S"}) {
            assertThatThrownBy(() -> ServeCommand.reloadPeriod(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--token-reload wants");
        }

        Path file = Files.writeString(dir.resolve("token"), TOKEN);
        WriteTokens every = tokens(args("--token-file", file.toString()), "0.0.0.0", null);
        assertThat(every.period()).isEqualTo(Duration.ofSeconds(10));
        assertThat(ServeCommand.describe(every)).isEqualTo("writes need the bearer token in " + file
                + " (re-read every 10s)");
        WriteTokens never = tokens(args("--token-file", file.toString(), "--token-reload", "0s"), "0.0.0.0", null);
        assertThat(ServeCommand.describe(never)).endsWith("(not re-read: --token-reload 0s)");
        assertThat(ServeCommand.describe(WriteTokens.fixed(BearerTokens.NONE))).isEqualTo(
                "writes open to anyone who reaches it");
    }

    @Test
    void serveRefusesToStartOnANonLoopbackHostWithoutAToken() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = RegistryCommand.run(new String[] {"serve", "--host", "0.0.0.0", "--port", "0", "--store",
            dir.resolve("store").toString()}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("needs a token for writes");
    }

    private static WriteTokens tokens(Args a, String host, String fromEnvironment) throws Exception {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream());
        return ServeCommand.tokens(a, host, fromEnvironment, sink, sink);
    }

    private static Args args(String... argv) {
        return new Args(argv);
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String url, String body, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("content-type", "application/json");
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
