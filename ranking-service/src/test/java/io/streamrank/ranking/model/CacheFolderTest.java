package io.streamrank.ranking.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheFolderTest {

    @TempDir
    Path tmp;

    long uid;

    @BeforeEach
    void ownUid() throws Exception {
        // The user id the files this test creates get: the process's own.
        uid = ((Number) Files.getAttribute(tmp, "unix:uid")).longValue();
    }

    @Test
    void theDefaultFolderIsCreatedForTheServicesUserOnly() throws Exception {
        CacheFolder.Chosen chosen = CacheFolder.choose("", tmp, "0123456789ab", uid);
        Path dir = chosen.dir();

        assertThat(chosen.forThisRun()).isFalse();
        assertThat(dir).isEqualTo(tmp.resolve("streamrank-model-cache").resolve("0123456789ab"));
        assertThat(mode(dir)).isEqualTo("rwx------");
        assertThat(mode(dir.getParent())).isEqualTo("rwx------");
    }

    @Test
    void aDefaultFolderTheServicesUserOwnsAndOnlyItWritesIsReused() throws Exception {
        // as an earlier release created it, with the usual umask
        Path root = Files.createDirectory(tmp.resolve("streamrank-model-cache"), perms("rwxr-xr-x"));
        Path store = Files.createDirectory(root.resolve("s"), perms("rwxr-xr-x"));
        Files.writeString(store.resolve("kept"), "a copy");

        CacheFolder.Chosen chosen = CacheFolder.choose("", tmp, "s", uid);
        assertThat(chosen).isEqualTo(new CacheFolder.Chosen(store, false));
        chosen.release();
        assertThat(store.resolve("kept")).as("kept for the next start").exists();
    }

    @Test
    void aDefaultFolderAnotherUserCreatedFirstIsNotUsed() throws Exception {
        Path root = Files.createDirectory(tmp.resolve("streamrank-model-cache"));
        Files.createDirectory(root.resolve("s"));

        // the folders belong to `uid`; a service of another user must not keep its copies there
        CacheFolder.Chosen chosen = CacheFolder.choose("", tmp, "s", uid + 1);
        Path dir = chosen.dir();

        assertThat(chosen.forThisRun()).isTrue();
        assertThat(dir.getParent()).isEqualTo(tmp);
        assertThat(dir.getFileName().toString()).startsWith("streamrank-model-cache-");
        assertThat(mode(dir)).isEqualTo("rwx------");

        // When the service stops: nothing would reuse the copies, so they are not left behind.
        Files.createDirectories(dir.resolve("v1").resolve("model"));
        chosen.release();
        assertThat(dir).doesNotExist();
        assertThat(root.resolve("s")).as("the unsafe folder is left as it was").isDirectory();
    }

    @Test
    void aDefaultFolderOthersMayWriteIsNotUsed() throws Exception {
        Path root = Files.createDirectory(tmp.resolve("streamrank-model-cache"));
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxrwxrwx")); // past the umask

        Path dir = CacheFolder.choose("", tmp, "s", uid).dir();

        assertThat(dir).isNotEqualTo(root.resolve("s"));
        assertThat(root.resolve("s")).doesNotExist();
        assertThat(mode(dir)).isEqualTo("rwx------");
    }

    @Test
    void aStoreFolderOthersMayWriteInsideAPrivateRootIsNotUsed() throws Exception {
        Path root = Files.createDirectory(tmp.resolve("streamrank-model-cache"), perms("rwx------"));
        Path store = Files.createDirectory(root.resolve("s"));
        Files.setPosixFilePermissions(store, PosixFilePermissions.fromString("rwxrwx---"));

        assertThat(CacheFolder.choose("", tmp, "s", uid).dir()).isNotEqualTo(store);
    }

    @Test
    void aConfiguredFolderOthersMayWriteRefusesTheStartAndIsLeftAsItIs() throws Exception {
        Path shared = Files.createDirectory(tmp.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));

        assertThatThrownBy(() -> CacheFolder.choose(shared.toString(), tmp, "s", uid))
                .isInstanceOf(CacheFolderException.class)
                .hasMessageContaining("streamrank.model.cache-dir " + shared)
                .hasMessageContaining("may be written by others (mode 777)")
                .satisfies(e -> assertThat(((CacheFolderException) e).action()).contains("chmod go-w"));
        assertThat(mode(shared)).isEqualTo("rwxrwxrwx");
    }

    @Test
    void aConfiguredFolderOfAnotherUserRefusesTheStart() throws Exception {
        Path theirs = Files.createDirectory(tmp.resolve("theirs"));

        assertThatThrownBy(() -> CacheFolder.choose(theirs.toString(), tmp, "s", uid + 1))
                .isInstanceOf(CacheFolderException.class)
                .hasMessageContaining("belongs to user id " + uid);
    }

    @Test
    void aMissingConfiguredFolderIsCreatedForTheServicesUserOnly() throws Exception {
        Path dir = tmp.resolve("a").resolve("cache");

        assertThat(CacheFolder.choose(dir.toString(), tmp, "s", uid)).isEqualTo(new CacheFolder.Chosen(dir, false));
        assertThat(mode(dir)).isEqualTo("rwx------");
    }

    @Test
    void aLinkToAnotherUsersFolderIsNotUsed() throws Exception {
        Path theirs = Files.createDirectory(tmp.resolve("theirs"));
        Files.createSymbolicLink(tmp.resolve("streamrank-model-cache"), theirs);

        assertThat(CacheFolder.unsafe(tmp.resolve("streamrank-model-cache"), uid + 1)).isPresent();
        assertThat(CacheFolder.choose("", tmp, "s", uid + 1).dir()).isNotEqualTo(theirs.resolve("s"));
        assertThat(theirs.resolve("s")).doesNotExist();
    }

    @Test
    void aLinkOfTheServicesUserToItsOwnPrivateFolderIsUsed() throws Exception {
        Path own = Files.createDirectory(tmp.resolve("own"), perms("rwx------"));
        Path link = Files.createSymbolicLink(tmp.resolve("cache"), own);

        assertThat(CacheFolder.unsafe(link, uid)).isEmpty();
        assertThat(CacheFolder.choose(link.toString(), tmp, "s", uid)).isEqualTo(new CacheFolder.Chosen(link, false));
    }

    @Test
    void aLinkOfAnotherUserIsNotUsedEvenToAFolderOfTheServicesUser() throws Exception {
        Path own = Files.createDirectory(tmp.resolve("own"), perms("rwx------"));
        Path link = Files.createSymbolicLink(tmp.resolve("cache"), own);
        // Only root may give a link away: the test runs the check as if its owner were someone else.
        assumeTrue(uid == 0, "needs root to chown a link");
        Files.setAttribute(link, "unix:uid", 65534, LinkOption.NOFOLLOW_LINKS);

        assertThat(CacheFolder.unsafe(link, uid)).contains("is a symbolic link of user id 65534");
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static FileAttribute<?> perms(String s) {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(s));
    }
}
