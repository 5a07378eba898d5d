package io.streamrank.registry.versions;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.contract.registry.LocalDirectoryStore;
import io.streamrank.contract.registry.Stage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry CLI takes exactly each command's arguments: an extra one is an error before the store changes. */
class RegistryCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void rollbackWithAVersionIsRefusedPointingToPromoteAndChangesNothing() throws IOException {
        Path store = dir.resolve("store");
        StoredVersions.upload(store, "v1");
        StoredVersions.upload(store, "v2");
        ModelRegistry registry = new ModelRegistry(new LocalDirectoryStore(store));
        registry.register("v1", "test");
        registry.promote("v1", Stage.PRODUCTION, "test");
        registry.register("v2", "test");
        registry.promote("v2", Stage.PRODUCTION, "test");
        String before = registry.list().toString();

        int code = cli("rollback", "v1", "--store", store.toString());

        assertThat(code).isEqualTo(2);
        assertThat(err()).contains("promote v1 production");
        assertThat(registry.list().toString()).isEqualTo(before);
        assertThat(registry.get("v2").stage()).isEqualTo(Stage.PRODUCTION.wireName());
    }

    @Test
    void anExtraArgumentToPromoteOrListIsRefused() {
        String store = dir.resolve("store").toString();

        assertThat(cli("promote", "v1", "production", "extra", "--store", store)).isEqualTo(2);
        assertThat(err()).contains("unexpected argument extra", "promote VERSION STAGE");
        assertThat(cli("list", "foo", "--store", store)).isEqualTo(2);
        assertThat(err()).contains("unexpected argument foo");
        assertThat(cli("get", "--store", store)).isEqualTo(2);
        assertThat(err()).contains("missing VERSION");
    }

    @Test
    void pruneRefusesKeepBelowOneAndStrayArgumentsWithExitTwoAndDeletesNothing() throws IOException {
        Path store = dir.resolve("store");
        for (String v : new String[] {"v1", "v2", "v3"}) {
            StoredVersions.upload(store, v);
        }
        String at = store.toString();

        assertThat(cli("prune", "--keep", "0", "--store", at)).isEqualTo(2);
        assertThat(err()).contains("--keep must be at least 1, got 0");
        assertThat(cli("prune", "--keep", "-3", "--store", at)).isEqualTo(2);
        assertThat(cli("prune", "--keep", "two", "--store", at)).isEqualTo(2);
        assertThat(err()).contains("--keep wants an integer");
        assertThat(cli("prune", "v1", "--keep", "1", "--store", at)).isEqualTo(2);
        assertThat(err()).contains("unexpected argument v1", "(usage: prune)");
        assertThat(cli("prune", "--keep", "1", "--dry-run", "yes", "--store", at)).isEqualTo(2);
        assertThat(err()).contains("--dry-run wants true or false");
        // --dry-run takes a value, as every option does: alone it is refused, not read as a real prune.
        assertThat(cli("prune", "--keep", "1", "--store", at, "--dry-run")).isEqualTo(2);
        assertThat(cli("list", "--keep", "1", "--store", at)).isEqualTo(2);
        assertThat(err()).contains("unknown option --keep");

        assertThat(new ModelRegistry(new LocalDirectoryStore(store)).list()).hasSize(3);
    }

    @Test
    void helpNamesPruneAndItsOptions() {
        assertThat(RegistryCommand.USAGE).contains("prune [--keep N]", "--dry-run true", "default 10");
    }

    @Test
    void helpNamesTheTokenReloadAndItsDefault() {
        assertThat(RegistryCommand.USAGE).contains("[--token-reload DURATION]", "default 10s", "0s: never",
                "at most 8");
    }

    @Test
    void aBadTokenReloadIsRefusedBeforeServing() {
        assertThat(cli("serve", "--token-reload", "often", "--store", dir.resolve("store").toString()))
                .isEqualTo(2);
        assertThat(err()).contains("--token-reload wants a duration");
    }

    @Test
    void aMisspeltBooleanIsRefusedNotTakenAsFalse() {
        assertThat(cli("serve", "--unauthenticated", "ture", "--store", dir.resolve("store").toString()))
                .isEqualTo(2);
        assertThat(err()).contains("--unauthenticated wants true or false");
    }

    private int cli(String... args) {
        err.reset();
        return RegistryCommand.run(args, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
