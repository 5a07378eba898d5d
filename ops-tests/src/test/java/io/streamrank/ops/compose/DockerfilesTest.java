package io.streamrank.ops.compose;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.ops.Repo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The container builds, read without a Docker engine: pinned bases, a non-root final user, and every artifact the
 * runtime stage copies is one the Maven build really produces (this module runs after them in the reactor).
 */
class DockerfilesTest {

    private static final Pattern ARG_IMAGE = Pattern.compile("(?m)^ARG \\w+_IMAGE=(\\S+)$");
    private static final Pattern COPY_FROM_BUILD = Pattern.compile("COPY --from=build (?:--chown=\\S+ )?(\\S+)");

    static List<Path> dockerfiles() {
        return Repo.files(Repo.path("deploy/docker"), ".Dockerfile");
    }

    @Test
    void everyComponentHasAnImage() {
        assertThat(dockerfiles()).extracting(p -> p.getFileName().toString()).containsExactlyInAnyOrder(
                "ranking-service.Dockerfile", "ranking-service-gpu.Dockerfile", "model-registry.Dockerfile",
                "feature-job.Dockerfile");
    }

    @ParameterizedTest
    @MethodSource("dockerfiles")
    void baseImagesArePinnedToExactVersions(Path dockerfile) {
        Matcher m = ARG_IMAGE.matcher(Repo.read(dockerfile));
        int n = 0;
        while (m.find()) {
            n++;
            assertThat(m.group(1)).as("base image in %s", dockerfile.getFileName())
                    .matches("[\\w./-]+:\\d+(\\.\\d+)+[\\w.-]*").doesNotContain("latest");
        }
        assertThat(n).isPositive();
        assertThat(Repo.read(dockerfile)).contains("-Dproject.build.outputTimestamp=");
    }

    @ParameterizedTest
    @MethodSource("dockerfiles")
    void theImageBuildSkipsRunningTestsButNotCompilingThem(Path dockerfile) {
        // maven.test.skip also skips object-store-s3's test jar, which ranking-service and model-registry depend on
        // (test scope, still resolved): with an empty Maven cache, as in a fresh image build, the build then fails
        // with "Could not find artifact io.streamrank:object-store-s3:jar:tests". Checked by hand with the
        // Dockerfiles' commands and io.streamrank moved out of the local repository.
        assertThat(Repo.read(dockerfile)).contains("./mvnw").contains("-DskipTests")
                .doesNotContain("maven.test.skip");
    }

    @ParameterizedTest
    @MethodSource("dockerfiles")
    void theFinalStageRunsAsANonRootUser(Path dockerfile) {
        String text = Repo.read(dockerfile);
        String lastStage = text.substring(text.lastIndexOf("\nFROM "));
        Matcher user = Pattern.compile("(?m)^USER (\\S+)").matcher(lastStage);
        assertThat(user.find()).as("USER in the final stage of %s", dockerfile.getFileName()).isTrue();
        assertThat(user.group(1)).doesNotStartWith("root").doesNotStartWith("0:").isNotEqualTo("0");
    }

    @ParameterizedTest
    @MethodSource("dockerfiles")
    void theRuntimeStageCopiesArtifactsTheMavenBuildProduces(Path dockerfile) {
        Matcher m = COPY_FROM_BUILD.matcher(Repo.read(dockerfile));
        List<String> missing = new ArrayList<>();
        int n = 0;
        while (m.find()) {
            n++;
            String source = m.group(1).replaceFirst("^/src/", "");
            if (source.contains("linux-x86_64-gpu") || source.contains("target/lib/")) {
                continue; // produced only by the image's own Maven command (GPU natives, copied dependencies)
            }
            if (!Files.exists(Repo.path(source))) {
                missing.add(source);
            }
        }
        assertThat(n).isPositive();
        assertThat(missing).as("artifacts copied by %s that the build does not produce", dockerfile.getFileName())
                .isEmpty();
    }

    @Test
    void theJobJarAndTheNativesHoldWhatTheEntrypointsName() throws IOException {
        try (JarFile job = new JarFile(Repo.path("feature-pipeline/target/feature-pipeline-0.1.0-SNAPSHOT-job.jar")
                .toFile())) {
            assertThat(job.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo("io.streamrank.pipeline.FeatureJob");
            assertThat(job.getEntry("io/streamrank/pipeline/FeatureJob.class")).isNotNull();
            assertThat(job.getEntry("org/apache/flink/streaming/api/environment/StreamExecutionEnvironment.class"))
                    .as("Flink itself stays out of the job jar").isNull();
        }
        assertThat(Repo.path("target/tensorflow-natives/linux-x86_64/libjnitensorflow.so")).isRegularFile();
        assertThat(Repo.read(Repo.path("deploy/docker/model-registry.Dockerfile")))
                .contains("io.streamrank.registry.TrainCommand");
        assertThat(Repo.path("model-registry/target/classes/io/streamrank/registry/TrainCommand.class")).isRegularFile();
    }

    @Test
    void imageVersionsMatchTheVersionsTheBuildIsTestedWith() {
        String pom = Repo.read(Repo.path("pom.xml"));
        String flink = between(pom, "<flink.version>", "</flink.version>");
        String kafka = between(pom, "<kafka.version>", "</kafka.version>");
        assertThat(Repo.read(Repo.path("deploy/docker/feature-job.Dockerfile"))).contains("flink:" + flink + "-");
        assertThat(Repo.read(Repo.path("docker-compose.yml"))).contains("apache/kafka:" + kafka);
        assertThat(Repo.read(Repo.path("deploy/base/feature-job/flinkdeployment.yaml")))
                .contains("flink-oss-fs-hadoop-" + flink + ".jar")
                .contains("flinkVersion: v" + flink.substring(0, flink.lastIndexOf('.')).replace('.', '_'));
    }

    private static String between(String s, String a, String b) {
        int i = s.indexOf(a) + a.length();
        return s.substring(i, s.indexOf(b, i));
    }
}
