package io.streamrank.ranking.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrank.ranking.RankingApplication;
import io.streamrank.testkit.LocalRedis;
import io.streamrank.testkit.RedisNamespace;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Secure by default (ADR 78), through the whole application as {@code java -jar} starts it: without a token, on
 * every address, the service refuses to start and says how to give one; the operator's explicit opt-out starts it,
 * with a warning, serving writes to anyone.
 */
@ExtendWith(OutputCaptureExtension.class)
class WriteTokenStartupIT {

    private static LocalRedis redis;
    private static RedisNamespace ns;

    @TempDir
    static Path dir;

    @BeforeAll
    static void redis() {
        redis = LocalRedis.findOrStart();
        ns = new RedisNamespace(redis.uri(), "write-token");
    }

    @AfterAll
    static void close() {
        ns.close();
        redis.close();
    }

    @Test
    void onEveryAddressWithoutATokenTheServiceRefusesToStartNamingTheWaysToGiveOne(CapturedOutput output) {
        assertThatThrownBy(() -> new SpringApplicationBuilder(RankingApplication.class).run(args().toArray(
                String[]::new))).hasRootCauseInstanceOf(WriteTokenException.class);
        // Printed by the failure analyzer, found through META-INF/spring.factories.
        assertThat(output).contains("APPLICATION FAILED TO START", "listens on every address and was given no write "
                + "token", "streamrank.api.write-token-file", "STREAMRANK_API_WRITE_TOKEN",
                "streamrank.api.unauthenticated-writes=true");
    }

    @Test
    void theExplicitOptOutStartsTheServiceWithAWarningAndWritesNeedNoToken(CapturedOutput output) throws Exception {
        List<String> args = args();
        args.add("--server.address=0.0.0.0");
        args.add("--streamrank.api.unauthenticated-writes=true");
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(RankingApplication.class)
                .run(args.toArray(String[]::new))) {
            int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + port + "/v1/catalog/items")).header("content-type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(
                            "{\"items\":[{\"itemId\":19501,\"categoryId\":3,\"createdAt\":1000}]}")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(output).containsPattern("WARN .*streamrank.api.unauthenticated-writes=true: anyone who "
                    + "reaches the API on 0.0.0.0 may ingest events and change the catalog");
        }
    }

    /** A service on a free port of every address, on an empty model store and a Kafka nobody listens on. */
    private static List<String> args() throws Exception {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        Path models = Files.createDirectories(dir.resolve("models"));
        return new ArrayList<>(List.of("--server.port=0",
                "--streamrank.kafka.bootstrap-servers=127.0.0.1:" + deadPort,
                "--streamrank.redis.uri=" + redis.uri(),
                "--streamrank.redis.key-prefix=" + ns.prefix(),
                "--streamrank.model.dir=" + models,
                "--streamrank.warmup.duration=0s"));
    }
}
