package io.streamrank.ranking.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrank.ranking.RankingApplication;
import io.streamrank.ranking.StartupArgs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
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
 * with a warning, serving writes to anyone. And a token rotated in the mounted Secret while it runs (ADR 85).
 */
@ExtendWith(OutputCaptureExtension.class)
class WriteTokenStartupIT {

    private static StartupArgs startup;

    @TempDir
    static Path dir;

    @BeforeAll
    static void redis() {
        startup = StartupArgs.forPurpose("write-token");
    }

    @AfterAll
    static void close() {
        startup.close();
    }

    @Test
    void onEveryAddressWithoutATokenTheServiceRefusesToStartNamingTheWaysToGiveOne(CapturedOutput output) {
        assertThatThrownBy(() -> new SpringApplicationBuilder(RankingApplication.class).run(startup.args(dir).toArray(
                String[]::new))).hasRootCauseInstanceOf(WriteTokenException.class);
        // Printed by the failure analyzer, found through META-INF/spring.factories.
        assertThat(output).contains("APPLICATION FAILED TO START", "listens on every address and was given no write "
                + "token", "streamrank.api.write-token-file", "STREAMRANK_API_WRITE_TOKEN",
                "streamrank.api.unauthenticated-writes=true");
    }

    @Test
    void theExplicitOptOutStartsTheServiceWithAWarningAndWritesNeedNoToken(CapturedOutput output) throws Exception {
        List<String> args = startup.args(dir);
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

    @Test
    void aTokenAddedToTheMountedSecretWorksWithoutARestartAndOneRemovedStopsWorking(CapturedOutput output)
            throws Exception {
        String old = "old-token-0123456789abcdef";
        String next = "new-token-0123456789abcdef";
        Path mount = Files.createDirectories(dir.resolve("secret"));
        secretHolds(mount, 1, old + "\n");
        Path file = Files.createSymbolicLink(mount.resolve("token"), Path.of("..data", "token"));
        List<String> args = startup.args(dir);
        args.add("--server.address=127.0.0.1");
        args.add("--streamrank.api.write-token-file=" + file);
        args.add("--streamrank.api.write-token-reload=100ms");
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(RankingApplication.class)
                .run(args.toArray(String[]::new))) {
            int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
            assertThat(put(port, old)).isEqualTo(200);
            assertThat(put(port, next)).isEqualTo(401);

            secretHolds(mount, 2, "# old\n" + old + "\n# new\n" + next + "\n");
            assertThat(within(Duration.ofSeconds(10), () -> put(port, next) == 200)).as("new token accepted").isTrue();
            assertThat(put(port, old)).as("while the writers move").isEqualTo(200);
            assertThat(scrape(port)).contains("streamrank_api_write_tokens 2.0");

            secretHolds(mount, 3, next + "\n");
            assertThat(within(Duration.ofSeconds(10), () -> put(port, old) == 401)).as("old token refused").isTrue();
            assertThat(put(port, next)).isEqualTo(200);

            secretHolds(mount, 4, "\n"); // emptied by mistake: writes stay closed, with the token before
            assertThat(within(Duration.ofSeconds(10), () -> scrape(port).contains(
                    "streamrank_api_write_token_file_refused 1.0"))).isTrue();
            assertThat(put(port, next)).isEqualTo(200);
            assertThat(put(port, null)).isEqualTo(401);
            assertThat(scrape(port)).contains("streamrank_api_write_tokens 1.0",
                    "streamrank_api_write_token_reloads_total{outcome=\"applied\"} 2.0",
                    "streamrank_api_write_token_reloads_total{outcome=\"refused\"} 1.0");
            assertThat(output).contains("changed but was not applied").doesNotContain(old).doesNotContain(next);
        }
    }

    /** As the kubelet updates a mounted Secret: a new folder, then the {@code ..data} link swapped in one rename. */
    private static void secretHolds(Path mount, int update, String text) throws Exception {
        Path folder = Files.createDirectory(mount.resolve("..2026_12_06_" + update));
        Files.writeString(folder.resolve("token"), text);
        Path link = Files.createSymbolicLink(mount.resolve("..data_tmp"), folder.getFileName());
        Files.move(link, mount.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** A catalog upsert, the write that needs Redis only; its status. */
    private static int put(int port, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/catalog/items"))
                .header("content-type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(
                        "{\"items\":[{\"itemId\":19502,\"categoryId\":3,\"createdAt\":1000}]}"));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static String scrape(int port) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    @FunctionalInterface
    private interface Check {
        boolean holds() throws Exception;
    }

    /** Whether {@code check} holds within {@code limit}: the reload runs on its own thread, on its own period. */
    private static boolean within(Duration limit, Check check) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!check.holds()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

}
