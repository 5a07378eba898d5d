package io.streamrank.ranking.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.contract.model.ItemCategories;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportedCategoriesTest {

    @TempDir
    Path dir;

    @Test
    void aVersionWithTheFileServesItsTable() throws Exception {
        ItemCategories.of(Map.of(7L, 3L)).write(dir.resolve(ItemCategories.FILE_NAME));

        assertThat(ExportedCategories.read(dir, "v1").category(7L)).isEqualTo(3L);
    }

    @Test
    void aVersionExportedWithoutTheFileServesWithoutAFallback() {
        assertThat(ExportedCategories.read(dir, "v1")).isSameAs(ItemCategories.NONE);
    }

    @Test
    void anUnreadableFileLeavesTheVersionServableWithoutAFallback() throws Exception {
        Files.write(dir.resolve(ItemCategories.FILE_NAME), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});

        assertThat(ExportedCategories.read(dir, "v1")).isSameAs(ItemCategories.NONE);
    }
}
