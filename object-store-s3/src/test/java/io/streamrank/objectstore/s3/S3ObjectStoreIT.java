package io.streamrank.objectstore.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrank.contract.registry.ChecksumMismatchException;
import io.streamrank.contract.registry.Checksums;
import io.streamrank.contract.registry.ModelRepository;
import io.streamrank.contract.registry.Stage;
import io.streamrank.contract.registry.StageRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The S3 store against a real S3 API server (S3Proxy, ADR 61): every {@code ObjectStore} operation, listings past
 * one page, refusals and outages as {@link IOException}s that name the location, and a model version written, found
 * and fetched through {@link ModelRepository} as the registry and the ranking service do.
 */
class S3ObjectStoreIT {

    @TempDir
    static Path dir;

    private static S3ProxyServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3ProxyServer.start(dir.resolve("server"));
        server.createBucket("models");
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static S3ObjectStore store(String prefix) {
        return new S3ObjectStore(server.client(S3ProxyServer.IDENTITY, S3ProxyServer.CREDENTIAL),
                S3Location.parse(server.location("models", prefix)));
    }

    @Test
    void writesReadsAndChecksObjectsUnderItsPrefix() throws Exception {
        S3ObjectStore store = store("rw");
        store.write("v1/metadata.json", "{\"a\":1}".getBytes(StandardCharsets.UTF_8));

        assertThat(store.read("v1/metadata.json")).hasValueSatisfying(b -> assertThat(new String(b,
                StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}"));
        assertThat(store.read("v1/absent.json")).isEmpty();
        assertThat(store.exists("v1/metadata.json")).isTrue();
        assertThat(store.exists("v1/absent.json")).isFalse();
        // A write replaces the object whole: what the stage records rely on.
        store.write("v1/metadata.json", "{\"a\":2}".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(store.read("v1/metadata.json").orElseThrow(), StandardCharsets.UTF_8))
                .isEqualTo("{\"a\":2}");
        // The prefix is the store's root: another prefix of the same bucket sees nothing of it.
        assertThat(store("other").exists("v1/metadata.json")).isFalse();
        assertThat(store.location()).contains("models").contains("rw");
    }

    @Test
    void uploadsDownloadsAndStreamsFiles() throws Exception {
        S3ObjectStore store = store("files");
        Path file = dir.resolve("big.bin");
        byte[] content = new byte[3 * 1024 * 1024 + 17];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 31);
        }
        Files.write(file, content);
        store.upload(file, "v1/model/variables/variables.data-00000-of-00001");

        Path back = dir.resolve("down/deep/copy.bin");
        store.download("v1/model/variables/variables.data-00000-of-00001", back);
        assertThat(Files.readAllBytes(back)).isEqualTo(content);
        try (InputStream in = store.open("v1/model/variables/variables.data-00000-of-00001")) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
        assertThatThrownBy(() -> store.open("v1/nothing")).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("v1/nothing");
    }

    @Test
    void listsKeysAndFoldersPastOnePage() throws Exception {
        S3ObjectStore store = store("many");
        // S3 answers at most 1,000 keys per listing: 1,003 objects need the paginator.
        IntStream.range(0, 1_003).parallel().forEach(i -> {
            try {
                store.write(String.format("v%04d/checksums.sha256", i), new byte[] {1});
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        store.write("_stages/v0001.json", new byte[] {1});

        List<String> keys = store.list("v");
        assertThat(keys).hasSize(1_003).isSorted().startsWith("v0000/checksums.sha256")
                .endsWith("v1002/checksums.sha256");
        List<String> folders = store.folders("");
        assertThat(folders).hasSize(1_004).contains("_stages", "v0000", "v1002").isSorted();
    }

    @Test
    void aModelVersionIsFoundVerifiedAndFetchedAsTheServiceDoes() throws Exception {
        S3ObjectStore store = store("registry");
        Path export = version(dir.resolve("exports"), "v20261203-000000");
        Checksums sums = Checksums.of(export);
        for (String rel : sums.files().keySet()) {
            store.upload(export.resolve(rel), ModelRepository.key("v20261203-000000", rel));
        }
        store.write(ModelRepository.key("v20261203-000000", Checksums.FILE_NAME), sums.bytes());
        ModelRepository repo = new ModelRepository(store);
        store.write(ModelRepository.stageKey("v20261203-000000"), StageRecord.initial("v20261203-000000",
                Stage.PRODUCTION, Instant.now(), "it").toJson());

        assertThat(repo.versions()).containsExactly("v20261203-000000");
        assertThat(repo.servingVersion(true)).contains("v20261203-000000");
        assertThat(repo.verify("v20261203-000000").files()).isEqualTo(sums.files());
        Path fetched = repo.fetch("v20261203-000000", dir.resolve("cache"));
        assertThat(Checksums.of(fetched).files()).isEqualTo(sums.files());
        assertThat(Files.readString(fetched.resolve("model/saved_model.pb"))).isEqualTo("graph v20261203-000000");

        // An artifact changed in the bucket after publication is refused and nothing of it is cached.
        store.write(ModelRepository.key("v20261203-000000", "model/saved_model.pb"), "tampered".getBytes(
                StandardCharsets.UTF_8));
        assertThatThrownBy(() -> repo.verify("v20261203-000000")).isInstanceOf(ChecksumMismatchException.class)
                .hasMessageContaining("model/saved_model.pb");
        assertThatThrownBy(() -> repo.fetch("v20261203-000000", dir.resolve("cache2")))
                .isInstanceOf(ChecksumMismatchException.class);
        assertThat(dir.resolve("cache2/v20261203-000000")).doesNotExist();
    }

    @Test
    void wrongKeysAndMissingBucketsAreIoErrorsNamingTheLocation() {
        S3ObjectStore wrongKeys = new S3ObjectStore(server.client(S3ProxyServer.IDENTITY, "not-the-secret"),
                S3Location.parse(server.location("models", "rw")));
        assertThatThrownBy(() -> wrongKeys.read("v1/metadata.json")).isInstanceOf(IOException.class)
                .hasMessageContaining("s3://models/rw");
        assertThatThrownBy(() -> wrongKeys.write("v1/x", new byte[1])).isInstanceOf(IOException.class);

        S3ObjectStore noBucket = new S3ObjectStore(server.client(S3ProxyServer.IDENTITY, S3ProxyServer.CREDENTIAL),
                S3Location.parse(server.location("no-such-bucket", "p")));
        assertThatThrownBy(() -> noBucket.list("")).isInstanceOf(IOException.class)
                .hasMessageContaining("no-such-bucket").hasMessageStartingWith("cannot list in s3://");
    }

    @Test
    void connectTakesTheKeysFromTheSdkDefaultChain() throws Exception {
        // The production path: S3ObjectStore.connect(location) with credentials from the SDK's default chain, here
        // its system-property step (in a pod: environment variables or the node's role).
        System.setProperty("aws.accessKeyId", S3ProxyServer.IDENTITY);
        System.setProperty("aws.secretAccessKey", S3ProxyServer.CREDENTIAL);
        try {
            S3ObjectStore store = S3ObjectStore.connect(server.location("models", "connect"));
            store.write("hello.txt", "hi".getBytes(StandardCharsets.UTF_8));
            assertThat(store.read("hello.txt")).hasValueSatisfying(b -> assertThat(b).hasSize(2));
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
    }

    @Test
    void aServerThatStopsAnsweringIsAnIoErrorNotAHang() throws Exception {
        S3ProxyServer other = S3ProxyServer.start(dir.resolve("outage"));
        other.createBucket("models");
        S3ObjectStore store = new S3ObjectStore(other.client(S3ProxyServer.IDENTITY, S3ProxyServer.CREDENTIAL),
                S3Location.parse(other.location("models", "p")));
        store.write("k", new byte[] {1});
        other.close();

        List<Throwable> failures = new ArrayList<>();
        for (var call : List.<ThrowingCall>of(() -> store.read("k"), () -> store.exists("k"), () -> store.list(""))) {
            try {
                call.run();
            } catch (Throwable t) {
                failures.add(t);
            }
        }
        assertThat(failures).hasSize(3).allSatisfy(t -> assertThat(t).isInstanceOf(IOException.class)
                .hasMessageContaining("s3://models/p"));
    }

    @FunctionalInterface
    private interface ThrowingCall {
        Object run() throws Exception;
    }

    /** A version directory as the trainer exports it, small files only. */
    private static Path version(Path root, String version) throws IOException {
        Path v = root.resolve(version);
        Files.createDirectories(v.resolve("model/variables"));
        Files.writeString(v.resolve("model/saved_model.pb"), "graph " + version);
        Files.write(v.resolve("model/variables/variables.index"), new byte[] {1, 2, 3});
        Files.writeString(v.resolve("metadata.json"), "{\"version\":\"" + version + "\"}");
        Files.write(v.resolve("item_embeddings.bin"), new byte[4096]);
        return v;
    }
}
