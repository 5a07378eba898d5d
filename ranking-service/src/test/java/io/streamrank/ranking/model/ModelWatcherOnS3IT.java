package io.streamrank.ranking.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamrank.contract.registry.Stage;
import io.streamrank.objectstore.s3.S3ProxyServer;
import io.streamrank.ranking.RankingProperties;
import io.streamrank.ranking.TestModels;
import io.streamrank.ranking.TestRows;
import io.streamrank.registry.TrainOptions;
import io.streamrank.registry.Trainer;
import io.streamrank.registry.versions.ModelRegistry;
import io.streamrank.registry.versions.StoreLocations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service's model watcher on an S3 model store ({@code streamrank.model.dir=s3://…}), against a real S3 API
 * server (S3Proxy, ADR 61): it serves the production version fetched from the bucket, follows a promotion there, and
 * keeps serving the version it has when the store stops answering (counted as a load failure, not an error answer).
 */
class ModelWatcherOnS3IT {

    @TempDir
    Path dir;

    private S3ProxyServer server;
    private ModelScorer scorer;
    private ModelWatcher watcher;

    @AfterEach
    void stop() throws Exception {
        if (watcher != null) {
            watcher.stop();
        }
        if (scorer != null) {
            scorer.close();
        }
        if (server != null) {
            server.close();
        }
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    @Test
    void servesFollowsPromotionsAndSurvivesTheStoreGoingAway() throws Exception {
        Path local = TestModels.train(dir);
        Trainer.train(TrainOptions.defaults(List.of(dir.resolve("train.csv")), local).withVersion("v-second")
                .withSeed(7L).withEpochs(2), line -> { });
        ModelRegistry localRegistry = new ModelRegistry(StoreLocations.open(local.toString()));
        String first = localRegistry.list().stream().map(v -> v.version()).filter(v -> !v.equals("v-second"))
                .findFirst().orElseThrow();

        server = S3ProxyServer.start(dir.resolve("s3"));
        server.createBucket("models");
        // The SDK's default credential chain, as in a pod (there: environment variables or the node's role).
        System.setProperty("aws.accessKeyId", S3ProxyServer.IDENTITY);
        System.setProperty("aws.secretAccessKey", S3ProxyServer.CREDENTIAL);
        String store = server.location("models", "streamrank");
        ModelRegistry s3 = new ModelRegistry(StoreLocations.open(store));
        s3.publish(local.resolve(first), Stage.PRODUCTION, "first on s3");
        s3.publish(local.resolve("v-second"), Stage.CANDIDATE, "second on s3");

        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        RankingProperties properties = new RankingProperties(null, null, new RankingProperties.Model(store, 2, 2000,
                "cpu", dir.resolve("cache").toString(), Duration.ZERO, true, 0, 0, List.of()), null, null, null, null,
                null, null, null, null, new RankingProperties.Rollout(0, 0, 1));
        scorer = new ModelScorer(properties, meters);
        watcher = new ModelWatcher(properties, scorer, meters);
        assertThat(scorer.version()).contains(first);
        assertThat(scorer.score(TestRows.batch(40))).hasSize(40);

        s3.promote("v-second", Stage.PRODUCTION, "better");
        watcher.poll();
        assertThat(scorer.version()).contains("v-second");

        server.close();
        watcher.poll();
        assertThat(scorer.version()).contains("v-second");
        assertThat(scorer.score(TestRows.batch(40))).hasSize(40);
        assertThat(meters.get("streamrank.model.load.failures").tag("reason", "load").counter().count())
                .isGreaterThanOrEqualTo(1.0);
    }
}
