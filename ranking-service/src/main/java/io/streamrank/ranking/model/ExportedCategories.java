package io.streamrank.ranking.model;

import io.streamrank.contract.model.ItemCategories;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a version's {@code item_categories.bin} (ADR 82), the category of a candidate that neither its live features
 * nor the catalog know. The table is a fallback, not what makes a version servable: a version without it (exported
 * before ADR 82) or with an unreadable one serves as versions did before, its unknown items under category 0, and
 * says so once, when it is loaded.
 */
final class ExportedCategories {

    private static final Logger log = LoggerFactory.getLogger(ExportedCategories.class);

    private ExportedCategories() {
    }

    /** The table of the verified local copy {@code dir} of {@code version}, or {@link ItemCategories#NONE}. */
    static ItemCategories read(Path dir, String version) {
        Path file = dir.resolve(ItemCategories.FILE_NAME);
        if (!Files.isRegularFile(file)) {
            log.info("model {} has no {} (exported before ADR 82): candidates without live features or a catalog "
                    + "entry are scored with category 0 while it serves", version, ItemCategories.FILE_NAME);
            return ItemCategories.NONE;
        }
        try {
            return ItemCategories.read(file);
        } catch (IOException | RuntimeException e) {
            // It passed the checksums, so the exporter wrote it so: a bug to fix there, not a reason to refuse the
            // version its scores come from (AnnIndex treats unusable embeddings the same way).
            log.error("model {}: its {} is unusable; candidates without live features or a catalog entry are scored "
                    + "with category 0 while it serves", version, ItemCategories.FILE_NAME, e);
            return ItemCategories.NONE;
        }
    }
}
