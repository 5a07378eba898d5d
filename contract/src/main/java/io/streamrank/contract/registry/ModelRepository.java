package io.streamrank.contract.registry;

import io.streamrank.contract.model.ModelMetadata;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Model versions in an {@link ObjectStore}, read side: what the ranking service and the registry share.
 *
 * <pre>
 * &lt;version&gt;/model/…              SavedModel
 * &lt;version&gt;/item_embeddings.bin  item vectors for ANN retrieval
 * &lt;version&gt;/metadata.json        ModelMetadata
 * &lt;version&gt;/checksums.sha256     SHA-256 of every file above; written last, it marks the version complete
 * _stages/&lt;version&gt;.json          StageRecord: the version's stage, kept apart because versions are immutable
 * </pre>
 */
public final class ModelRepository {

    public static final String STAGES = "_stages/";

    private final ObjectStore store;

    public ModelRepository(ObjectStore store) {
        this.store = store;
    }

    public ObjectStore store() {
        return store;
    }

    public static String key(String version, String relative) {
        return version + "/" + relative;
    }

    public static String stageKey(String version) {
        return STAGES + version + ".json";
    }

    /** Complete versions (their checksums file exists), oldest first: version names sort by creation time. */
    public List<String> versions() throws IOException {
        List<String> out = new ArrayList<>();
        for (String folder : store.folders("")) {
            if (!folder.startsWith("_") && !folder.startsWith(".")
                    && store.exists(key(folder, Checksums.FILE_NAME))) {
                out.add(folder);
            }
        }
        return out;
    }

    public Optional<Checksums> checksums(String version) throws IOException {
        Optional<byte[]> raw = store.read(key(version, Checksums.FILE_NAME));
        return raw.isEmpty() ? Optional.empty() : Optional.of(Checksums.parse(raw.get()));
    }

    public Optional<ModelMetadata> metadata(String version) throws IOException {
        Optional<byte[]> raw = store.read(key(version, ModelMetadata.FILE_NAME));
        return raw.isEmpty() ? Optional.empty() : Optional.of(ModelMetadata.parse(raw.get()));
    }

    public Optional<StageRecord> stage(String version) throws IOException {
        Optional<byte[]> raw = store.read(stageKey(version));
        return raw.isEmpty() ? Optional.empty() : Optional.of(StageRecord.parse(raw.get()));
    }

    /** Stage records of every complete version that has one, by version. */
    public Map<String, StageRecord> stages() throws IOException {
        Map<String, StageRecord> out = new LinkedHashMap<>();
        for (String v : versions()) {
            Optional<StageRecord> s = stage(v);
            s.ifPresent(r -> out.put(v, r));
        }
        return out;
    }

    /**
     * The version to serve: the one in {@link Stage#PRODUCTION} (the most recently promoted if a race left two).
     * Without one, and unless {@code requireProduction}, the newest version that is not archived: a fresh store
     * (local stack, first deployment) serves its newest export without a manual promotion. A listing without a
     * production version is read twice (see inside).
     */
    public Optional<String> servingVersion(boolean requireProduction) throws IOException {
        return followed(requireProduction).serving();
    }

    /**
     * The versions a ranking service follows, from one reading of the stage records (two when the first has no
     * production version, see {@link #servingVersion}): each record is a store read, and reading them once per role
     * made a poll cost three times as many reads as versions, every poll interval on every pod.
     */
    public Followed followed(boolean requireProduction) throws IOException {
        Map<String, StageRecord> stages = stages();
        Optional<String> production = newestIn(stages, Stage.PRODUCTION);
        if (production.isEmpty()) {
            // The records are read one by one: a listing that read the new production version's record before a
            // promotion or rollback wrote it, and the old one's after it was archived, saw none. Both writes are done
            // by the time a second listing gets there (the registry writes them back to back).
            stages = stages();
            production = newestIn(stages, Stage.PRODUCTION);
        }
        Optional<String> serving = production;
        if (production.isEmpty() && !requireProduction) {
            List<String> all = versions();
            for (int i = all.size() - 1; i >= 0 && serving.isEmpty(); i--) {
                StageRecord r = stages.get(all.get(i));
                if (r == null || r.current() != Stage.ARCHIVED) {
                    serving = Optional.of(all.get(i));
                }
            }
        }
        return new Followed(serving, newestIn(stages, Stage.CANARY), newestIn(stages, Stage.SHADOW));
    }

    /** What {@link #followed} found: the version to serve, and the canary and shadow versions, each if any. */
    public record Followed(Optional<String> serving, Optional<String> canary, Optional<String> shadow) {
    }

    /**
     * The version in {@code stage} (the most recently moved there if a race left two): the shadow or canary version
     * the ranking service scores beside the serving one.
     */
    public Optional<String> versionIn(Stage stage) throws IOException {
        return newestIn(stages(), stage);
    }

    private static Optional<String> newestIn(Map<String, StageRecord> stages, Stage stage) {
        // The version is the record's key (the folder it was found under), not the name written inside the record.
        return stages.entrySet().stream()
                .filter(e -> e.getValue().current() == stage)
                .max(Comparator.comparing(
                                (Map.Entry<String, StageRecord> e) -> Instant.parse(e.getValue().updatedAt()))
                        .thenComparing(Map.Entry::getKey))
                .map(Map.Entry::getKey);
    }

    /**
     * Every artifact of the version checked against its checksums file, straight from the store.
     *
     * @throws ChecksumMismatchException when an artifact is missing or differs
     * @throws java.nio.file.NoSuchFileException when the version is not complete in the store
     */
    public Checksums verify(String version) throws IOException {
        Checksums sums = checksums(version).orElseThrow(() -> new java.nio.file.NoSuchFileException(
                "no complete model version " + version + " in " + store.location()));
        for (Map.Entry<String, String> e : sums.files().entrySet()) {
            String key = key(version, e.getKey());
            if (!store.exists(key)) {
                throw new ChecksumMismatchException("model version " + version + " refused: artifact " + e.getKey()
                        + " listed in " + Checksums.FILE_NAME + " is missing from " + store.location());
            }
            try (InputStream in = store.open(key)) {
                Checksums.mustMatch(version, e.getKey(), e.getValue(), Checksums.sha256(in));
            }
        }
        return sums;
    }

    /**
     * Copies a version into {@code cacheRoot/<version>} and verifies every artifact there (the copy is what gets
     * loaded, so a file changed in the store after the check cannot be served). A copy that still matches exactly is
     * reused.
     *
     * @return the local version directory
     * @throws ChecksumMismatchException when an artifact is missing or differs; nothing is left in the cache
     */
    public Path fetch(String version, Path cacheRoot) throws IOException {
        // The name comes from the store (a folder, a stage record): on S3 "..", or a name with a separator, would
        // resolve outside the cache, which this method may delete.
        if (version.isEmpty() || version.equals(".") || version.equals("..") || version.contains("/")
                || version.contains("\\") || version.startsWith(".")) {
            throw new IOException("refusing model version name '" + version + "': not one plain path segment");
        }
        Checksums sums = checksums(version).orElseThrow(() -> new java.nio.file.NoSuchFileException(
                "no complete model version " + version + " in " + store.location()));
        Path target = cacheRoot.resolve(version);
        if (Files.isDirectory(target)) {
            // Reused only if it holds exactly the listed files with the listed hashes: an extra file (say, item
            // embeddings the version does not list) would otherwise be served as part of the version.
            if (Checksums.of(target).files().equals(sums.files())) {
                return target;
            }
            deleteTree(target);
        }
        Files.createDirectories(cacheRoot);
        Path tmp = cacheRoot.resolve("." + version + "." + UUID.randomUUID() + ".tmp");
        try {
            for (String rel : sums.files().keySet()) {
                String key = key(version, rel);
                if (!store.exists(key)) {
                    throw new ChecksumMismatchException("model version " + version + " refused: artifact " + rel
                            + " listed in " + Checksums.FILE_NAME + " is missing from " + store.location());
                }
                store.download(key, tmp.resolve(rel));
            }
            sums.verify(version, tmp);
            Files.write(tmp.resolve(Checksums.FILE_NAME), sums.bytes());
            Files.move(tmp, target);
            return target;
        } finally {
            deleteTree(tmp);
        }
    }

    /** Deletes {@code dir} and everything below it; nothing when it does not exist. */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
