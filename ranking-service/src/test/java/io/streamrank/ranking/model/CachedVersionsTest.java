package io.streamrank.ranking.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CachedVersionsTest {

    @TempDir
    Path root;

    @Test
    void versionsNoRoleHoldsAreDeletedButTheMostRecentlyFetchedFew() throws Exception {
        for (int i = 1; i <= 5; i++) {
            Path v = Files.createDirectories(root.resolve("v" + i).resolve("model"));
            Files.writeString(v.resolve("saved_model.pb"), "graph " + i);
            Files.setLastModifiedTime(root.resolve("v" + i), FileTime.fromMillis(1_000_000L * i));
        }
        Files.createDirectories(root.resolve(".v6.1234.tmp")); // a fetch in progress

        assertThat(CachedVersions.prune(root, Set.of("v5", "v1"), 2)).containsExactlyInAnyOrder("v2");

        try (Stream<Path> left = Files.list(root)) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("v1", "v3", "v4", "v5", ".v6.1234.tmp");
        }
    }

    @Test
    void aMissingFolderIsNothingToPrune() throws Exception {
        assertThat(CachedVersions.prune(root.resolve("none"), Set.of(), 0)).isEmpty();
    }

    @Test
    void servicesOfDifferentStoresGetDifferentDefaultFolders() {
        assertThat(ModelWatcher.storeFolder("s3://models/prod")).hasSize(12)
                .isNotEqualTo(ModelWatcher.storeFolder("/srv/models"))
                .isEqualTo(ModelWatcher.storeFolder("s3://models/prod"));
    }
}
