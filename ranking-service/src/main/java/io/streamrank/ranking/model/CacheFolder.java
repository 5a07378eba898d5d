package io.streamrank.ranking.model;

import io.streamrank.contract.registry.ModelRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The folder for the local copies of model versions. A copy is verified against its store's checksums (and
 * signature) when fetched or reused, and TensorFlow loads it afterwards: whoever else can write the folder can
 * replace a graph between the check and the load and run their own operations in the service. The default folder's
 * name is predictable ({@code <java.io.tmpdir>/streamrank-model-cache/<store>}) and the system temp folder is open to
 * every user, so another user of the machine could create it first. The service creates its folders readable and
 * writable by its own user only, and uses an existing one only if that user owns it and no one else may write it.
 */
final class CacheFolder {

    private static final Logger log = LoggerFactory.getLogger(CacheFolder.class);
    static final String DEFAULT_ROOT = "streamrank-model-cache";
    private static final int GROUP_OR_OTHERS_WRITE = 0022;

    private CacheFolder() {
    }

    /**
     * The folder chosen.
     *
     * @param forThisRun a private temp folder in place of an unsafe default one: deleted when the service stops, as
     *                   nothing reuses it (else every restart would leave 20-60 MB of copies behind)
     */
    record Chosen(Path dir, boolean forThisRun) {

        /** Deletes the folder if it was {@link #forThisRun}; when the service stops, nothing reads it any more. */
        void release() {
            if (!forThisRun) {
                return;
            }
            try {
                ModelRepository.deleteTree(dir); // a mapped file stays readable until it is unmapped
            } catch (IOException e) {
                log.warn("could not delete this run's model cache {}: {}", dir, e.toString());
            }
        }
    }

    /**
     * The folder to use. An unsafe configured folder refuses the start; an unsafe default one is replaced by a new
     * private temp folder (a WARN: its copies are not reused after a restart).
     *
     * @param configured {@code streamrank.model.cache-dir}, blank for the default
     * @param store      the store's folder name under the default root ({@link ModelWatcher#storeFolder})
     */
    static Chosen choose(String configured, Path tmp, String store) {
        return choose(configured, tmp, store, unixUid(tmp));
    }

    /** {@link #choose(String, Path, String)} for a process of user id {@code uid} (-1: not a POSIX system). */
    static Chosen choose(String configured, Path tmp, String store, long uid) {
        try {
            if (!configured.isBlank()) {
                Path dir = Path.of(configured);
                Optional<String> unsafe = prepare(dir, uid);
                if (unsafe.isPresent()) {
                    throw new CacheFolderException("streamrank.model.cache-dir " + dir + " " + unsafe.get()
                            + ": another user could replace a verified model version before TensorFlow loads it",
                            "give the service a folder that its own user owns and only it can write (chmod go-w "
                                    + dir + " if it is the service's; on a volume whose mount point is shared, name "
                                    + "a subfolder of it, which the service creates for itself), or leave "
                                    + "streamrank.model.cache-dir empty for a private folder under " + tmp);
                }
                return new Chosen(dir, false);
            }
            Path root = tmp.resolve(DEFAULT_ROOT);
            Path dir = root.resolve(store);
            Optional<String> unsafe = prepare(root, uid).map(why -> root + " " + why);
            if (unsafe.isEmpty()) {
                unsafe = prepare(dir, uid).map(why -> dir + " " + why);
            }
            if (unsafe.isEmpty()) {
                return new Chosen(dir, false);
            }
            Path own = Files.createTempDirectory(tmp, DEFAULT_ROOT + "-");
            log.warn("the default model cache {}: another user could replace a verified model version before "
                    + "TensorFlow loads it, so this run keeps its copies in {} instead, deleted when it stops (if the "
                    + "folder is this user's, chmod go-w it; or set streamrank.model.cache-dir to a folder only this "
                    + "user can write)", unsafe.get(), own);
            return new Chosen(own, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the model cache folder: " + e.getMessage(), e);
        }
    }

    /**
     * The process's user id: the owner of {@code /proc/self} on Linux (nothing written: the root file system may be
     * read-only), else of a file it creates; no need for {@code jdk.security.auth}, which not every JRE image holds.
     * -1 on a file system without POSIX attributes.
     */
    private static long unixUid(Path tmp) {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("unix")) {
            return -1;
        }
        try {
            Path self = Path.of("/proc/self");
            if (Files.isDirectory(self)) {
                return ((Number) Files.getAttribute(self, "unix:uid")).longValue();
            }
            Path probe = Files.createTempFile(tmp, ".streamrank-uid-", ".probe");
            try {
                return ((Number) Files.getAttribute(probe, "unix:uid")).longValue();
            } finally {
                Files.deleteIfExists(probe);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a file in " + tmp + ": " + e.getMessage(), e);
        }
    }

    /** Creates the folder (owner only) when missing; else why it is unsafe, if it is. */
    static Optional<String> prepare(Path dir, long uid) throws IOException {
        if (uid < 0) {
            Files.createDirectories(dir); // no owner or mode to check (not a POSIX system)
            return Optional.empty();
        }
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(dir.toAbsolutePath().getParent());
            try {
                // Created with its final mode, not chmod-ed after: there is no moment at which others may write it.
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
                return Optional.empty();
            } catch (FileAlreadyExistsException raced) {
                // someone created it between the look and the creation: judge what is there
            }
        }
        return unsafe(dir, uid);
    }

    /** Why another user could write {@code dir} (or swap it, as a link they own), if they could. */
    static Optional<String> unsafe(Path dir, long uid) throws IOException {
        if (Files.isSymbolicLink(dir)) {
            long linkOwner = ((Number) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue();
            if (linkOwner != uid && linkOwner != 0) {
                return Optional.of("is a symbolic link of user id " + linkOwner);
            }
        }
        if (!Files.isDirectory(dir)) {
            return Optional.of("is not a folder");
        }
        Map<String, Object> a = Files.readAttributes(dir, "unix:uid,mode");
        long owner = ((Number) a.get("uid")).longValue();
        int mode = (Integer) a.get("mode");
        if (owner != uid) {
            return Optional.of("belongs to user id " + owner + ", not to this service's " + uid);
        }
        if ((mode & GROUP_OR_OTHERS_WRITE) != 0) {
            return Optional.of("may be written by others (mode " + Integer.toOctalString(mode & 07777) + ")");
        }
        return Optional.empty();
    }
}
