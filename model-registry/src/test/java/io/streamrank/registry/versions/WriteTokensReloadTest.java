package io.streamrank.registry.versions;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.contract.auth.BearerTokens;
import io.streamrank.contract.auth.TokenFileWatch.Outcome;
import io.streamrank.contract.registry.LocalDirectoryStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ADR 85: the token file is re-read while the registry serves, so a token is rotated without a restart. */
class WriteTokensReloadTest {

    private static final String A = "token-a-0123456789-aaaa";
    private static final String B = "token-b-0123456789-bbbb";
    private static final Duration RELOAD = Duration.ofMillis(100);

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void aRotationAddsTheNewTokenDropsTheOldAndARefusedFileKeepsTheTokensInForce() throws Exception {
        Path file = Files.writeString(dir.resolve("token"), A + "\n");
        WriteTokens tokens = WriteTokens.fromFile(file, RELOAD, print(out), print(err));
        try (RegistryServer server = RegistryServer.start(registry(), "127.0.0.1", 0, tokens)) {
            String root = "http://127.0.0.1:" + server.port();
            assertThat(permitted(root, A)).isTrue();
            assertThat(permitted(root, B)).isFalse();
            Thread poller = pollerThread();
            assertThat(poller.isDaemon()).isTrue(); // never what keeps a stopping registry alive

            // Step 1: the new token added as a second line; both work while the writers move.
            replace(file, "# old\n" + A + "\n# new\n" + B + "\n");
            await(() -> permitted(root, B));
            assertThat(permitted(root, A)).isTrue();
            assertThat(scrape(root)).contains("streamrank_registry_write_tokens 2.0");

            // Step 2: the old line removed.
            replace(file, B + "\n");
            await(() -> !permitted(root, A));
            assertThat(permitted(root, B)).isTrue();

            // A broken edit: refused, reported once, and B still in force (never writes open, never locked out).
            replace(file, B + "\nshort-secret\n");
            await(() -> tokens.refused() == 1);
            assertThat(tokens.poll()).isEqualTo(Outcome.UNCHANGED); // same bytes: no second report
            assertThat(permitted(root, B)).isTrue();
            assertThat(permitted(root, "short-secret")).isFalse();
            assertThat(scrape(root)).contains("streamrank_registry_write_tokens 1.0",
                    "streamrank_registry_token_file_refused 1.0",
                    "streamrank_registry_token_reloads_total{outcome=\"applied\"} 2.0",
                    "streamrank_registry_token_reloads_total{outcome=\"refused\"} 1.0");
            assertThat(lines(err)).singleElement().asString().contains(file.toString(), "(line 2)",
                    "the 1 token in force stay").doesNotContain("short-secret", B);
            assertThat(lines(out)).containsExactly("registry write tokens reloaded from " + file + ": 2 tokens",
                    "registry write tokens reloaded from " + file + ": 1 token");
            assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain(A, B);
        }
        // Closing the server stops the poller: no thread left looking at a file nobody serves.
        assertThat(tokens.polling()).isFalse();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals(WriteTokens.THREAD_NAME));
    }

    @Test
    void aMissingFileIsReportedOnceAndItsReturnApplied() throws Exception {
        // Polled by hand (no thread): each look is one step, so "once" is checked exactly, not by waiting.
        Path file = Files.writeString(dir.resolve("token"), A);
        WriteTokens tokens = WriteTokens.fromFile(file, Duration.ZERO, print(out), print(err));

        assertThat(tokens.poll()).isEqualTo(Outcome.UNCHANGED);
        Files.delete(file);
        assertThat(tokens.poll()).isEqualTo(Outcome.REFUSED);
        assertThat(tokens.poll()).isEqualTo(Outcome.UNCHANGED);
        assertThat(tokens.get().permits("Bearer " + A)).isTrue();
        assertThat(tokens.fileRefused()).isTrue();
        assertThat(lines(err)).singleElement().asString().contains("cannot be read: NoSuchFileException");

        Files.writeString(file, "x".repeat(BearerTokens.MAX_FILE_BYTES + 1)); // another failure: reported too
        assertThat(tokens.poll()).isEqualTo(Outcome.REFUSED);
        assertThat(lines(err)).hasSize(2).last().asString().contains("over 64 KiB");

        Files.writeString(file, A + "\n" + B);
        assertThat(tokens.poll()).isEqualTo(Outcome.APPLIED);
        assertThat(tokens.get().count()).isEqualTo(2);
        assertThat(tokens.fileRefused()).as("a change applied ends the refusal").isFalse();
        assertThat(tokens.applied()).isEqualTo(1);
        assertThat(tokens.refused()).isEqualTo(2);
        tokens.start(); // period 0s: never re-read, so no thread
        assertThat(tokens.polling()).isFalse();
    }

    @Test
    void aKubernetesSecretUpdateBySwappingTheDataLinkIsFollowed() throws Exception {
        // The kubelet's layout: token -> ..data/token, ..data -> ..<timestamp>/; an update writes a new folder and
        // renames a new ..data link over the old one, so the file read through the path changes at once.
        Path secret = Files.createDirectories(dir.resolve("secret"));
        Files.writeString(Files.createDirectories(secret.resolve("..2026_01_01_a")).resolve("token"), A);
        Files.createSymbolicLink(secret.resolve("..data"), Path.of("..2026_01_01_a"));
        Path file = Files.createSymbolicLink(secret.resolve("token"), Path.of("..data/token"));
        try (WriteTokens tokens = WriteTokens.fromFile(file, RELOAD, print(out), print(err))) {
            tokens.start();
            assertThat(tokens.get().permits("Bearer " + A)).isTrue();

            Files.writeString(Files.createDirectories(secret.resolve("..2026_01_02_b")).resolve("token"), A + "\n" + B);
            Path next = Files.createSymbolicLink(secret.resolve("..data_tmp"), Path.of("..2026_01_02_b"));
            Files.move(next, secret.resolve("..data"), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);

            await(() -> tokens.get().permits("Bearer " + B));
            assertThat(tokens.get().count()).isEqualTo(2);
            assertThat(lines(err)).isEmpty();
        }
    }

    /**
     * Replaces the file whole, as the kubelet does: written in place, a poll could read it empty or half written, a
     * refused change that this test did not make.
     */
    private static void replace(Path file, String text) throws Exception {
        Path next = Files.writeString(file.resolveSibling(file.getFileName() + ".next"), text);
        Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private ModelRegistry registry() throws Exception {
        Path store = dir.resolve("store");
        StoredVersions.upload(store, "v1");
        return new ModelRegistry(new LocalDirectoryStore(store));
    }

    /** Whether a write with this token gets past the check: registering a missing version answers 404, not 401. */
    private boolean permitted(String root, String token) {
        try {
            HttpRequest r = HttpRequest.newBuilder(URI.create(root + "/v1/models"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"version\":\"missing\"}"))
                    .header("content-type", "application/json").header("Authorization", "Bearer " + token).build();
            int status = http.send(r, HttpResponse.BodyHandlers.ofString()).statusCode();
            assertThat(status).isIn(401, 404);
            return status != 401;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private String scrape(String root) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(root + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Waits up to 50 reload periods: the poll itself decides, no fixed sleep is an assertion. */
    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + RELOAD.multipliedBy(50).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within %s", RELOAD.multipliedBy(50)).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static Thread pollerThread() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(WriteTokens.THREAD_NAME))
                .findFirst().orElseThrow(() -> new AssertionError("no " + WriteTokens.THREAD_NAME + " thread"));
    }

    private static PrintStream print(ByteArrayOutputStream to) {
        return new PrintStream(to, true, StandardCharsets.UTF_8);
    }

    private static List<String> lines(ByteArrayOutputStream from) {
        return from.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
