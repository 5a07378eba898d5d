package io.streamrank.registry.versions;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.contract.registry.ModelRepository;
import io.streamrank.contract.registry.ObjectStore;
import io.streamrank.contract.registry.VersionVerifier;
import io.streamrank.objectstore.s3.S3ProxyServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code registry prune} on an S3 store, against a real S3 API server (S3Proxy, ADR 61): the deletes go through the
 * S3 client the registry builds for the location (ObjectStore has no delete, ADR 77). The versions are signed
 * (ADR 79): their signatures go up and are deleted with them.
 */
class VersionPrunerOnS3IT {

    @TempDir
    Path dir;

    private S3ProxyServer server;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @BeforeEach
    void startServer() throws Exception {
        server = S3ProxyServer.start(dir.resolve("server"));
        server.createBucket("models");
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
    void pruneDeletesEveryObjectOfAnOldVersionFromTheBucket() throws Exception {
        String store = server.location("models", "prod");
        assertThat(cli("keygen", "--out", dir.resolve("keys").toString())).isZero();
        String signingKey = dir.resolve("keys/signing-key.pem").toString();
        for (String v : new String[] {"v1", "v2", "v3", "v4"}) {
            StoredVersions.write(dir.resolve("exports").resolve(v), v);
            assertThat(cli("publish", dir.resolve("exports").resolve(v).toString(), "--signing-key", signingKey,
                    "--store", store)).isZero();
        }
        ObjectStore s3 = StoreLocations.open(store);
        assertThat(s3.list("v1/")).contains("v1/checksums.sha256.sig");
        for (String v : new String[] {"v1", "v2", "v3"}) {
            assertThat(cli("promote", v, "production", "--store", store)).isZero();
        }

        assertThat(cli("prune", "--keep", "1", "--store", store)).as(out.toString(StandardCharsets.UTF_8)).isZero();

        assertThat(out.toString(StandardCharsets.UTF_8)).contains("delete\tv1\tarchived",
                "deleted 1 of 4 versions, kept 3 (--keep 1)");
        assertThat(s3.list("v1/")).isEmpty();
        assertThat(s3.exists(ModelRepository.stageKey("v1"))).isFalse();
        assertThat(s3.folders("")).containsExactly("_stages", "v2", "v3", "v4");
        assertThat(new ModelRepository(s3).verify("v2").files()).containsKey("metadata.json");
        ModelRepository requiring = new ModelRepository(s3,
                VersionVerifier.fromPemFile(dir.resolve("keys/verify-key.pem")));
        assertThat(requiring.fetch("v4", dir.resolve("cache")).resolve("model/saved_model.pb")).hasContent("graph v4");
        assertThat(cli("verify", "v2", "--verify-key", dir.resolve("keys/verify-key.pem").toString(), "--store",
                store)).as(out.toString(StandardCharsets.UTF_8)).isZero();
    }

    private int cli(String... args) {
        out.reset();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        return RegistryCommand.run(args, print, print);
    }
}
