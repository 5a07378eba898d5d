package io.streamrank.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.contract.model.ItemEmbeddings;
import io.streamrank.contract.model.ItemGraph;
import io.streamrank.contract.model.ItemVectors;
import io.streamrank.contract.model.ModelMetadata;
import io.streamrank.contract.model.ModelStore;
import io.streamrank.contract.registry.ModelRepository;
import io.streamrank.contract.registry.Stage;
import io.streamrank.objectstore.s3.S3ObjectStore;
import io.streamrank.objectstore.s3.S3ProxyServer;
import io.streamrank.registry.versions.ModelRegistry;
import io.streamrank.registry.versions.RegistryServer;
import io.streamrank.registry.versions.StoreLocations;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model lifecycle on an S3 model store, against a real S3 API server (S3Proxy, ADR 61), through the same commands
 * and classes as production: the trainer publishes to {@code s3://…}, the registry promotes there, a version is
 * fetched and verified as the ranking service fetches it and DJL scores with the copy; the registry API reports the
 * store gone when the server stops.
 */
class S3ModelStoreIT {

    private static final String VERSION = "v20261203-120000";

    @TempDir
    Path dir;

    private S3ProxyServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = S3ProxyServer.start(dir.resolve("server"));
        server.createBucket("models");
        // The SDK's default credential chain, as in a pod (there: environment variables or the node's role).
        System.setProperty("aws.accessKeyId", S3ProxyServer.IDENTITY);
        System.setProperty("aws.secretAccessKey", S3ProxyServer.CREDENTIAL);
    }

    @AfterEach
    void stopServer() throws Exception {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        server.close();
    }

    @Test
    void aModelTrainedIntoS3IsPromotedFetchedVerifiedAndScored() throws Exception {
        String store = server.location("models", "streamrank/prod");
        Path csv = dir.resolve("browsing.csv");
        BrowsingFixture.write(csv, dir.resolve("browsing.jsonl"), 120, 5L);

        ByteArrayOutputStream trainOut = new ByteArrayOutputStream();
        int trained = TrainCommand.run(new String[] {"--events", csv.toString(), "--store", store, "--epochs", "2",
            "--version", VERSION}, print(trainOut), print(trainOut));
        assertThat(trained).as(trainOut.toString(StandardCharsets.UTF_8)).isZero();
        new ModelRegistry(StoreLocations.open(store)).promote(VERSION, Stage.PRODUCTION, "it");

        ModelRepository repo = new ModelRepository(S3ObjectStore.connect(store));
        assertThat(repo.versions()).containsExactly(VERSION);
        assertThat(repo.stage(VERSION).orElseThrow().current()).isEqualTo(Stage.PRODUCTION);
        assertThat(repo.servingVersion(true)).contains(VERSION);
        Path local = repo.fetch(VERSION, dir.resolve("cache"));
        assertThat(ModelMetadata.read(local.resolve(ModelMetadata.FILE_NAME)).version()).isEqualTo(VERSION);
        // The HNSW graph's Lucene files travel through S3 with the rest and still read back for the embeddings.
        ItemVectors vectors = ItemVectors.of(ItemEmbeddings.read(local.resolve(ItemEmbeddings.FILE_NAME)));
        assertThat(ItemGraph.read(local.resolve(ItemGraph.DIR_NAME), vectors).size()).isEqualTo(vectors.size())
                .isPositive();

        try (DjlScorer djl = new DjlScorer(local.resolve(ModelStore.SAVED_MODEL_DIR))) {
            float[] scores = djl.score(BrowsingFixture.rows(37, 3)).scores();
            assertThat(scores).hasSize(37);
            for (float s : scores) {
                assertThat(Float.isFinite(s)).isTrue();
            }
            assertThat(max(scores) - min(scores)).as("a trained model tells rows apart").isPositive();
        }
    }

    @Test
    void theRegistryApiIsNotReadyWhileItsS3StoreIsGone() throws Exception {
        String store = server.location("models", "p");
        HttpClient http = HttpClient.newHttpClient();
        try (RegistryServer api = RegistryServer.start(new ModelRegistry(StoreLocations.open(store)), "127.0.0.1",
                0)) {
            URI ready = URI.create("http://127.0.0.1:" + api.port() + "/health/readiness");
            assertThat(http.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).isEqualTo(200);

            server.close();

            HttpResponse<String> gone = http.send(HttpRequest.newBuilder(ready).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(gone.statusCode()).isEqualTo(503);
            assertThat(gone.body()).contains("store-unavailable");
            URI list = URI.create("http://127.0.0.1:" + api.port() + "/v1/models");
            assertThat(http.send(HttpRequest.newBuilder(list).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).isEqualTo(503);
        }
    }

    private static PrintStream print(ByteArrayOutputStream out) {
        return new PrintStream(out, true, StandardCharsets.UTF_8);
    }

    private static float max(float[] a) {
        float m = Float.NEGATIVE_INFINITY;
        for (float x : a) {
            m = Math.max(m, x);
        }
        return m;
    }

    private static float min(float[] a) {
        float m = Float.POSITIVE_INFINITY;
        for (float x : a) {
            m = Math.min(m, x);
        }
        return m;
    }
}
