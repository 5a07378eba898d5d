package io.streamrank.registry.versions;

import static io.streamrank.registry.versions.StoreCalls.io;
import static io.streamrank.registry.versions.StoreCalls.notFound;
import static io.streamrank.registry.versions.StoreCalls.verified;

import io.streamrank.contract.model.ModelMetadata;
import io.streamrank.contract.registry.ModelRepository;
import io.streamrank.contract.registry.ObjectStore;
import io.streamrank.contract.registry.Stage;
import io.streamrank.contract.registry.StageRecord;
import io.streamrank.contract.registry.VersionSigner;
import io.streamrank.registry.TrainOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The registry's operations on versions in an object store. Versions are immutable (publishing an existing name is
 * refused); only their stage record changes. Every operation that can put a version in front of users (promotion to
 * shadow, canary or production, and rollback) verifies its checksums first and refuses a mismatch.
 *
 * <p>One registry process writes a store at a time: within it writes are serialised and reads ({@link RegistryReads})
 * are not; the ranking services only read. Concurrent writers from several processes are not coordinated.
 * {@link VersionUpload} uploads a version, {@link ProductionHistory} says which version a rollback restores,
 * {@link StoreCalls} reports store failures.
 */
public final class ModelRegistry {

    /** The stages that hold one version at a time. */
    private static final Set<Stage> SINGLE = EnumSet.of(Stage.PRODUCTION, Stage.CANARY, Stage.SHADOW);
    /** How a rollback's production transition is reasoned, which a second rollback reads. */
    private static final String ROLLBACK_FROM = "rollback from ";

    private final ModelRepository repository;
    private final RegistryReads reads;
    private final Clock clock;

    public ModelRegistry(ObjectStore store, Clock clock) {
        this.repository = new ModelRepository(store);
        this.reads = new RegistryReads(repository);
        this.clock = clock;
    }

    public ModelRegistry(ObjectStore store) {
        this(store, Clock.systemUTC());
    }

    public ModelRepository repository() {
        return repository;
    }

    /** Every complete version, newest first. */
    public List<VersionInfo> list() {
        return reads.list();
    }

    /**
     * How many complete versions are in each stage (a version without a stage record is a candidate): the stage
     * records and the version names only, no metadata, so that a metrics scrape reads little.
     */
    public Map<Stage, Integer> stageCounts() {
        return reads.stageCounts();
    }

    /** @throws RegistryException NOT_FOUND when there is no complete version of that name */
    public VersionInfo get(String version) {
        checkName(version);
        return reads.get(version);
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
            VersionUpload.upload(repository, versionDir, version, signer);
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
        verified(repository, version);
        if (io(() -> repository.stage(version)).isPresent()) {
            throw new RegistryException(RegistryException.Kind.CONFLICT, "model version " + version
                    + " is already registered");
        }
        return enter(version, Stage.CANDIDATE, reason);
    }

    /**
     * Moves a version to {@code stage}. Production, canary and shadow hold one version each: promoting into one of
     * them archives the version that held it. Promoting a version into the stage it is in is a conflict, unless an
     * earlier promotion's second write failed and left another version there too: then that one is archived now.
     */
    public synchronized VersionInfo promote(String version, Stage stage, String reason) {
        checkName(version);
        if (stage != Stage.ARCHIVED && stage != Stage.CANDIDATE) {
            verified(repository, version);
        } else {
            io(() -> repository.checksums(version)).orElseThrow(() -> notFound(version));
        }
        Instant now = clock.instant();
        StageRecord current = io(() -> repository.stage(version))
                .orElse(StageRecord.initial(version, Stage.CANDIDATE, now, "registered implicitly"));
        // A replaced canary or shadow left in its stage came back by itself once its replacement left (readers take
        // the newest record of a stage): 5 % of users, or half in an A/B test, on a model its owner had replaced.
        List<StageRecord> holders = SINGLE.contains(stage) ? io(repository::stages).values().stream()
                .filter(r -> r.current() == stage && !r.version().equals(version)).toList() : List.of();
        if (current.current() == stage) {
            if (holders.isEmpty()) {
                throw new RegistryException(RegistryException.Kind.CONFLICT,
                        "model version " + version + " is already " + stage.wireName());
            }
            archive(holders, version, now, reason);
            return get(version);
        }
        // The new stage first, then the old holder archived: a reader between the two writes, or after a failed
        // second one, sees two production versions and serves the newer, never none (which would make a service
        // without require-production serve the newest unpromoted version).
        StoreCalls.write(repository, current.moveTo(stage, now, reason));
        archive(holders, version, now, reason);
        return get(version);
    }

    private void archive(List<StageRecord> replaced, String by, Instant now, String reason) {
        for (StageRecord other : replaced) {
            StoreCalls.write(repository, other.moveTo(Stage.ARCHIVED, now, "replaced by " + by + ": " + reason));
        }
    }

    /**
     * Puts the previous production version back into production and archives the current one. The previous one is
     * the version that most recently left production ({@link ProductionHistory}), so a second rollback undoes the
     * first (as {@code kubectl rollout undo} does); to go further back, promote that version.
     *
     * @throws RegistryException CONFLICT when nothing is in production or no earlier production version exists
     */
    public synchronized VersionInfo rollback(String reason) {
        Map<String, StageRecord> stages = io(repository::stages);
        List<StageRecord> serving = ProductionHistory.inProduction(stages.values());
        if (serving.isEmpty()) {
            throw new RegistryException(RegistryException.Kind.CONFLICT,
                    "no version is in production: nothing to roll back");
        }
        StageRecord current = serving.get(0);
        // A promotion whose second write failed left the version it replaced in production too: that one is the
        // version to go back to (it never left production, so the history below would pass over it).
        List<StageRecord> stillServing = serving.subList(1, serving.size());
        if (!stillServing.isEmpty() && rolledBackFrom(current, stillServing.get(0).version())) {
            // The other way round: a rollback whose second write failed (current came back from the other, which
            // was left in production). Run again, it finishes that rollback rather than undoing it.
            Instant now = clock.instant();
            archive(stillServing, current.version(), now, "rolled back: " + reason);
            return get(current.version());
        }
        if (!stillServing.isEmpty()) {
            StageRecord previous = stillServing.get(0);
            verified(repository, previous.version());
            Instant now = clock.instant();
            StoreCalls.write(repository, current.moveTo(Stage.ARCHIVED, now, "rolled back: " + reason));
            archive(stillServing.subList(1, stillServing.size()), previous.version(), now, "rollback: " + reason);
            return get(previous.version());
        }
        StageRecord previous = ProductionHistory.previousProduction(stages.values(), current.version())
                .orElseThrow(() -> new RegistryException(RegistryException.Kind.CONFLICT,
                        "no earlier production version to roll back to from " + current.version()));
        verified(repository, previous.version());
        Instant now = clock.instant();
        // Production first, as in promote: no reader sees a store without a production version.
        StoreCalls.write(repository, previous.moveTo(Stage.PRODUCTION, now, ROLLBACK_FROM + current.version()
                + ": " + reason));
        StoreCalls.write(repository, current.moveTo(Stage.ARCHIVED, now, "rolled back: " + reason));
        return get(previous.version());
    }

    /** Whether {@code record}'s last transition was a rollback from {@code from} ({@link #rollback}'s reason). */
    private static boolean rolledBackFrom(StageRecord record, String from) {
        List<StageRecord.Transition> h = record.history();
        return !h.isEmpty() && h.get(h.size() - 1).reason() != null
                && h.get(h.size() - 1).reason().startsWith(ROLLBACK_FROM + from + ":");
    }

    private VersionInfo enter(String version, Stage stage, String reason) {
        StoreCalls.write(repository, StageRecord.initial(version, Stage.CANDIDATE, clock.instant(), reason));
        if (stage != Stage.CANDIDATE) {
            return promote(version, stage, reason);
        }
        return get(version);
    }

    static void checkName(String version) {
        if (version == null || !TrainOptions.VERSION.matcher(version).matches()) {
            throw new RegistryException(RegistryException.Kind.INVALID,
                    "invalid version name (want " + TrainOptions.VERSION.pattern() + "): " + version);
        }
    }

    /** Metadata of a version read straight from the store. */
    public ModelMetadata metadata(String version) {
        return io(() -> repository.metadata(version)).orElseThrow(() -> notFound(version));
    }
}
