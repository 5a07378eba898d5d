package io.streamrank.contract.registry;

import io.streamrank.contract.model.ModelMetadata;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Model versions in an {@link ObjectStore}, read side: what the ranking service and the registry share.
 *
 * <pre>
 * &lt;version&gt;/model/…              SavedModel
 * &lt;version&gt;/item_embeddings.bin  item vectors for ANN retrieval
 * &lt;version&gt;/item_graph/…         their HNSW graph, linked at export (ADR 69)
 * &lt;version&gt;/item_categories.bin  each item's training category (ADR 82)
 * &lt;version&gt;/metadata.json        ModelMetadata
 * &lt;version&gt;/checksums.sha256.sig Ed25519 signature of the checksums file, when signed; written just before it
 * &lt;version&gt;/checksums.sha256     SHA-256 of every file above but the signature; written last, it marks the version complete
 * _stages/&lt;version&gt;.json          StageRecord: the version's stage, kept apart because versions are immutable
 * </pre>
 *
 * <p>A repository built with a {@link VersionVerifier} requires signed versions (ADR 79): whatever hands out a
 * version's content ({@link #fetch}, {@link #verify}, {@link #checksums}, {@link #metadata}) first checks the
 * signature against the checksums bytes it read, and refuses an unsigned version ({@link UnsignedVersionException})
 * or a bad signature ({@link SignatureRefusedException}); both are {@link ChecksumMismatchException}s. Unsigned
 * versions are refused, not hidden: {@link #versions}, {@link #stages} and {@link #followed} list and choose versions
 * as every other reader does (one more read per version and poll otherwise, and a reader that skipped the production
 * version would serve another one nobody promoted), so a service keeps the version it serves and reports the refusal.
 * Stage records are not signed.
 *
 * <p>Its collaborators: {@link SignedListing} reads a version's checksums (and metadata) as this reader trusts them,
 * {@link FollowedVersions} chooses the versions a service follows, {@link VersionCopy} copies one into a cache.
 */
public final class ModelRepository {

    public static final String STAGES = "_stages/";

    private final ObjectStore store;
    private final VersionVerifier verifier;
    private final SignedListing listing;
    private final VersionCopy copy;

    /** A reader that does not check signatures (signed versions are read like unsigned ones). */
    public ModelRepository(ObjectStore store) {
        this(store, null);
    }

    /**
     * A reader that requires every version it hands out to be signed with one of {@code verifier}'s keys.
     *
     * @param verifier null: signatures are not required, as with {@link #ModelRepository(ObjectStore)}
     */
    public ModelRepository(ObjectStore store, VersionVerifier verifier) {
        this.store = store;
        this.verifier = verifier;
        this.listing = new SignedListing(store, verifier);
        this.copy = new VersionCopy(store, listing);
    }

    public ObjectStore store() {
        return store;
    }

    /** The keys this reader requires versions to be signed with; empty when it does not require signatures. */
    public Optional<VersionVerifier> verifier() {
        return Optional.ofNullable(verifier);
    }

    public static String key(String version, String relative) {
        return version + "/" + relative;
    }

    public static String stageKey(String version) {
        return STAGES + version + ".json";
    }

    public static String signatureKey(String version) {
        return key(version, Checksums.SIGNATURE_FILE_NAME);
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

    /**
     * The version's checksums; empty when it is not complete.
     *
     * @throws SignatureRefusedException when this reader requires signatures and the version's does not verify
     */
    public Optional<Checksums> checksums(String version) throws IOException {
        return listing.listed(version).map(SignedListing.Listed::sums);
    }

    /**
     * The content of the version's signature file, unchecked; empty when it has none. A caller that remembers
     * refused versions can tell a version signed since ({@code registry sign}) by it.
     */
    public Optional<byte[]> signature(String version) throws IOException {
        return store.read(signatureKey(version));
    }

    /**
     * The version's metadata; empty when there is none. A reader that requires signatures also checks it against the
     * signed checksums: it describes the version, and a caller may act on it before fetching.
     *
     * @throws ChecksumMismatchException (when signatures are required) when it differs from its checksum, is not
     *                                   listed, or the signature does not verify
     */
    public Optional<ModelMetadata> metadata(String version) throws IOException {
        return listing.metadata(version);
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
     * production version is read twice (see {@link #followed}).
     */
    public Optional<String> servingVersion(boolean requireProduction) throws IOException {
        return followed(requireProduction).serving();
    }

    /**
     * The versions a ranking service follows, from one reading of the stage records (two when the first has no
     * production version: a promotion writes two records, which a listing may catch between): each record is a
     * store read, and reading them once per role made a poll cost three times as many reads as versions, every poll
     * interval on every pod.
     */
    public Followed followed(boolean requireProduction) throws IOException {
        return FollowedVersions.of(this, requireProduction);
    }

    /** What {@link #followed} found: the version to serve, and the canary and shadow versions, each if any. */
    public record Followed(Optional<String> serving, Optional<String> canary, Optional<String> shadow) {
    }

    /**
     * The version in {@code stage} (the most recently moved there if a race left two): the shadow or canary version
     * the ranking service scores beside the serving one.
     */
    public Optional<String> versionIn(Stage stage) throws IOException {
        return FollowedVersions.newestIn(stages(), stage);
    }

    /**
     * Every artifact of the version checked against its checksums file, straight from the store.
     *
     * @throws ChecksumMismatchException when an artifact is missing or differs, or (when signatures are required)
     *                                   the signature is missing or does not verify
     * @throws java.nio.file.NoSuchFileException when the version is not complete in the store
     */
    public Checksums verify(String version) throws IOException {
        Checksums sums = listing.complete(version).sums();
        for (Map.Entry<String, String> e : sums.files().entrySet()) {
            String key = key(version, e.getKey());
            if (!store.exists(key)) {
                throw copy.missing(version, e.getKey());
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
     * reused. When signatures are required the store's signature is checked first, reused copy or not, and a new copy
     * gets the signature beside its checksums.
     *
     * @return the local version directory
     * @throws ChecksumMismatchException when an artifact is missing or differs, or (when signatures are required)
     *                                   the signature is missing or does not verify; nothing is left in the cache
     */
    public Path fetch(String version, Path cacheRoot) throws IOException {
        return copy.fetch(version, cacheRoot);
    }

    /** Deletes {@code dir} and everything below it; nothing when it does not exist. */
    public static void deleteTree(Path dir) throws IOException {
        VersionCopy.deleteTree(dir);
    }
}
