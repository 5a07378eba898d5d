package io.streamrank.registry.versions;

import io.streamrank.contract.model.ModelMetadata;
import io.streamrank.contract.registry.ChecksumMismatchException;
import io.streamrank.contract.registry.Checksums;
import io.streamrank.contract.registry.ModelRepository;
import io.streamrank.contract.registry.ObjectStore;
import io.streamrank.contract.registry.Stage;
import io.streamrank.contract.registry.StageRecord;
import io.streamrank.contract.registry.VersionSigner;
import io.streamrank.registry.TrainOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registry's operations on versions in an object store. Versions are immutable (publishing an existing name is
 * refused); only their stage record changes. Every operation that can put a version in front of users (promotion to
 * shadow, canary or production, and rollback) verifies its checksums first and refuses a mismatch.
 *
 * <p>One registry process writes a store at a time (operations are serialised within it); the ranking services only
 * read. Concurrent writers from several processes are not coordinated.
 */
public final class ModelRegistry {

    private final ModelRepository repository;
    private final Clock clock;

    public ModelRegistry(ObjectStore store, Clock clock) {
        this.repository = new ModelRepository(store);
        this.clock = clock;
    }

    public ModelRegistry(ObjectStore store) {
        this(store, Clock.systemUTC());
    }

    public ModelRepository repository() {
        return repository;
    }

    /*
     * Reads are not synchronized: they read the store as any other process does (a write of this one may be half
     * done, as one of another's may), and a readiness check or a metrics scrape must not wait behind a promotion that
     * is verifying every artifact's checksum. Writes are serialized.
     */

    /** Every complete version, newest first. */
    public List<VersionInfo> list() {
        return io(() -> {
            List<VersionInfo> out = new ArrayList<>();
            Map<String, StageRecord> stages = repository.stages();
            List<String> versions = new ArrayList<>(repository.versions());
            versions.sort(Comparator.reverseOrder());
            for (String v : versions) {
                StageRecord r = stages.get(v);
                out.add(new VersionInfo(v, r == null ? Stage.CANDIDATE.wireName() : r.stage(), r,
                        repository.metadata(v).orElse(null), Map.of()));
            }
            return out;
        });
    }

    /**
     * How many complete versions are in each stage (a version without a stage record is a candidate): the stage
     * records and the version names only, no metadata, so that a metrics scrape reads little.
     */
    public Map<Stage, Integer> stageCounts() {
        return io(() -> {
            Map<Stage, Integer> out = new EnumMap<>(Stage.class);
            Map<String, StageRecord> stages = repository.stages();
            for (String v : repository.versions()) {
                StageRecord r = stages.get(v);
                out.merge(r == null ? Stage.CANDIDATE : Stage.parse(r.stage()), 1, Integer::sum);
            }
            return out;
        });
    }

    /** @throws RegistryException NOT_FOUND when there is no complete version of that name */
    public VersionInfo get(String version) {
        checkName(version);
        return io(() -> {
            Checksums sums = repository.checksums(version).orElseThrow(() -> notFound(version));
            Optional<StageRecord> r = repository.stage(version);
            return new VersionInfo(version, r.map(StageRecord::stage).orElse(Stage.CANDIDATE.wireName()),
                    r.orElse(null), repository.metadata(version).orElse(null), sums.files());
        });
    }

    /**
     * Uploads a locally exported version directory ({@code <dir>} named after the version) and registers it.
     * Its checksums are verified before anything is uploaded; the checksums file goes up last, so a publish that
     * fails halfway leaves no version, and publishing again under the same name completes it. Not signed, unless the
     * directory holds a signature (see {@link #publish(Path, Stage, String, VersionSigner)}).
     */
    public VersionInfo publish(Path versionDir, Stage stage, String reason) {
        return publish(versionDir, stage, reason, null);
    }

    /**
     * As {@link #publish(Path, Stage, String)}, signed with {@code signer} (ADR 79): the signature goes up just before
     * the checksums file, so that a version that looks complete is already signed. Without a signer a signature file
     * in the directory (a version signed elsewhere) goes up as it is, with the checksums file's exact bytes; without
     * either the version is unsigned.
     */
    public synchronized VersionInfo publish(Path versionDir, Stage stage, String reason, VersionSigner signer) {
        String version = versionDir.getFileName().toString();
        checkName(version);
        if (stage == Stage.ARCHIVED) {
            throw new RegistryException(RegistryException.Kind.INVALID, "a version is not published straight into "
                    + "the archive: publish it as candidate, shadow, canary or production");
        }
        io(() -> {
            Path sumsFile = versionDir.resolve(Checksums.FILE_NAME);
            if (!Files.isRegularFile(sumsFile)) {
                throw new RegistryException(RegistryException.Kind.INVALID,
                        "not an exported model version (no " + Checksums.FILE_NAME + "): " + versionDir);
            }
            byte[] raw = Files.readAllBytes(sumsFile);
            Checksums sums = Checksums.parse(raw);
            try {
                sums.verify(version, versionDir);
            } catch (ChecksumMismatchException e) {
                throw new RegistryException(RegistryException.Kind.CHECKSUM_MISMATCH, e.getMessage(), e);
            }
            // A version exists once its checksums file does (it goes up last, and no reader looks at a folder without
            // one): artifacts without it are an upload that failed halfway, which this upload replaces file by file.
            if (repository.store().exists(ModelRepository.key(version, Checksums.FILE_NAME))) {
                throw new RegistryException(RegistryException.Kind.CONFLICT,
                        "model version " + version + " already exists: versions are immutable");
            }
            for (String rel : sums.files().keySet()) {
                repository.store().upload(versionDir.resolve(rel), ModelRepository.key(version, rel));
            }
            Path signedElsewhere = versionDir.resolve(Checksums.SIGNATURE_FILE_NAME);
            byte[] content = signer == null && Files.isRegularFile(signedElsewhere) ? raw : sums.bytes();
            byte[] signature = signer != null ? signer.signatureFile(content)
                    : Files.isRegularFile(signedElsewhere) ? Files.readAllBytes(signedElsewhere) : null;
            if (signature != null) {
                repository.store().write(ModelRepository.signatureKey(version), signature);
            }
            repository.store().write(ModelRepository.key(version, Checksums.FILE_NAME), content);
            return null;
        });
        return enter(version, stage, reason);
    }

    /**
     * Registers a version whose artifacts are already complete in the store (uploaded by other means): verifies them
     * and gives it a stage record in {@code candidate}.
     */
    public synchronized VersionInfo register(String version, String reason) {
        checkName(version);
        verified(version);
        if (io(() -> repository.stage(version)).isPresent()) {
            throw new RegistryException(RegistryException.Kind.CONFLICT, "model version " + version
                    + " is already registered");
        }
        return enter(version, Stage.CANDIDATE, reason);
    }

    /**
     * Moves a version to {@code stage}. Promoting to production archives the current production version, so at most
     * one version is in production.
     */
    public synchronized VersionInfo promote(String version, Stage stage, String reason) {
        checkName(version);
        if (stage != Stage.ARCHIVED && stage != Stage.CANDIDATE) {
            verified(version);
        } else {
            io(() -> repository.checksums(version)).orElseThrow(() -> notFound(version));
        }
        Instant now = clock.instant();
        StageRecord current = io(() -> repository.stage(version))
                .orElse(StageRecord.initial(version, Stage.CANDIDATE, now, "registered implicitly"));
        if (current.current() == stage) {
            throw new RegistryException(RegistryException.Kind.CONFLICT,
                    "model version " + version + " is already " + stage.wireName());
        }
        // The new stage first, then the old production version archived: a reader between the two writes, or after a
        // failed second one, sees two production versions and serves the newer, never none (which would make a
        // service without require-production serve the newest unpromoted version).
        Map<String, StageRecord> before = stage == Stage.PRODUCTION ? io(repository::stages) : Map.of();
        write(current.moveTo(stage, now, reason));
        for (StageRecord other : before.values()) {
            if (other.current() == Stage.PRODUCTION && !other.version().equals(version)) {
                write(other.moveTo(Stage.ARCHIVED, now, "replaced by " + version + ": " + reason));
            }
        }
        return get(version);
    }

    /**
     * Puts the previous production version back into production and archives the current one. The previous one is
     * the version that most recently left production, so a second rollback undoes the first (as {@code kubectl
     * rollout undo} does); to go further back, promote that version.
     *
     * @throws RegistryException CONFLICT when nothing is in production or no earlier production version exists
     */
    public synchronized VersionInfo rollback(String reason) {
        Map<String, StageRecord> stages = io(repository::stages);
        StageRecord current = currentProduction(stages.values())
                .orElseThrow(() -> new RegistryException(RegistryException.Kind.CONFLICT,
                        "no version is in production: nothing to roll back"));
        StageRecord previous = previousProduction(stages.values(), current.version())
                .orElseThrow(() -> new RegistryException(RegistryException.Kind.CONFLICT,
                        "no earlier production version to roll back to from " + current.version()));
        verified(previous.version());
        Instant now = clock.instant();
        // Production first, as in promote: no reader sees a store without a production version.
        write(previous.moveTo(Stage.PRODUCTION, now, "rollback from " + current.version() + ": " + reason));
        write(current.moveTo(Stage.ARCHIVED, now, "rolled back: " + reason));
        return get(previous.version());
    }

    /** The version in production (the most recently promoted if a race left two). */
    static Optional<StageRecord> currentProduction(Collection<StageRecord> records) {
        return records.stream().filter(r -> r.current() == Stage.PRODUCTION)
                .max(Comparator.comparing((StageRecord r) -> Instant.parse(r.updatedAt())));
    }

    /**
     * The version {@link #rollback} puts back: of the versions other than {@code current} (null: none is in
     * production), the one that most recently left production. Pruning keeps it (VersionPruner).
     */
    static Optional<StageRecord> previousProduction(Collection<StageRecord> records, String current) {
        return records.stream().filter(r -> !r.version().equals(current) && r.leftProductionAt() != null)
                .max(Comparator.comparing(StageRecord::leftProductionAt).thenComparing(StageRecord::version));
    }

    private VersionInfo enter(String version, Stage stage, String reason) {
        Instant now = clock.instant();
        write(StageRecord.initial(version, Stage.CANDIDATE, now, reason));
        if (stage != Stage.CANDIDATE) {
            return promote(version, stage, reason);
        }
        return get(version);
    }

    private void verified(String version) {
        try {
            repository.verify(version);
        } catch (NoSuchFileException e) {
            throw notFound(version);
        } catch (ChecksumMismatchException e) {
            throw new RegistryException(RegistryException.Kind.CHECKSUM_MISMATCH, e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(StageRecord r) {
        io(() -> {
            repository.store().write(ModelRepository.stageKey(r.version()), r.toJson());
            return null;
        });
    }

    static void checkName(String version) {
        if (version == null || !TrainOptions.VERSION.matcher(version).matches()) {
            throw new RegistryException(RegistryException.Kind.INVALID,
                    "invalid version name (want " + TrainOptions.VERSION.pattern() + "): " + version);
        }
    }

    private static RegistryException notFound(String version) {
        return new RegistryException(RegistryException.Kind.NOT_FOUND, "no complete model version " + version);
    }

    /** Metadata of a version read straight from the store. */
    public ModelMetadata metadata(String version) {
        return io(() -> repository.metadata(version)).orElseThrow(() -> notFound(version));
    }

    private interface IoCall<T> {
        T call() throws IOException;
    }

    private static <T> T io(IoCall<T> call) {
        try {
            return call.call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
