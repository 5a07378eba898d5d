package io.streamrank.bench;

import io.streamrank.contract.registry.LocalDirectoryStore;
import io.streamrank.contract.registry.ModelRepository;
import io.streamrank.contract.registry.Stage;
import io.streamrank.registry.TrainOptions;
import io.streamrank.registry.Trainer;
import io.streamrank.registry.versions.ModelRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/** The model versions of {@link SwapPhase}, made ready before the local stack starts. */
final class SwapVersions {

    private SwapVersions() {
    }

    /**
     * The version to swap to: {@code --swap-version}, else {@code <serving>-swap}, trained on {@code train} with
     * another seed when the store does not hold it yet (before the stack starts, so no phase pays for it).
     */
    static String prepare(BenchOptions o, Path models, Path train, String serving) throws IOException {
        if (o.integer("swap-rate") <= 0) {
            return "";
        }
        LocalDirectoryStore store = new LocalDirectoryStore(models);
        if (new ModelRepository(store).versionIn(Stage.PRODUCTION).isEmpty()) {
            // Served as the newest version so far: in production, the version trained below cannot take its place.
            new ModelRegistry(store).promote(serving, Stage.PRODUCTION, "bench-ranking --swap-rate: the version swapped from");
        }
        String named = o.get("swap-version").trim();
        if (!named.isEmpty()) {
            return named;
        }
        String version = serving + "-swap";
        if (!Files.isDirectory(models.resolve(version))) {
            System.out.println("training " + version + " for the swap phase (--swap-rate) ...");
            Trainer.train(TrainOptions.defaults(List.of(train), models).withVersion(version).withSeed(43L),
                    line -> System.out.println("  " + line));
        }
        return version;
    }

    /**
     * The version {@link #prepare} made ready in {@code models}: {@code --swap-version}, else {@code <the store's
     * production version>-swap}. A {@code --compare-jar} run swaps within its own store ({@code --compare-models}).
     */
    static String target(BenchOptions o, Path models) throws IOException {
        String named = o.get("swap-version").trim();
        if (!named.isEmpty()) {
            return named;
        }
        return new ModelRepository(new LocalDirectoryStore(models)).versionIn(Stage.PRODUCTION).orElseThrow()
                + "-swap";
    }

    /**
     * The model store the local stack's own service watches: with a swap phase, a copy holding only the serving
     * version, so that only the service under test swaps (the stack's service would otherwise load the new version
     * and build its index on the same two cores while the phase measures).
     */
    static Path stackModels(BenchOptions o, Path models, Path work, String serving) throws IOException {
        if (o.integer("swap-rate") <= 0) {
            return models;
        }
        Path copy = work.resolve("stack-models");
        if (Files.exists(copy)) {
            try (var old = Files.walk(copy)) {
                for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        // The version's files, checked against its checksums, as a service fetches them; then its stage.
        new ModelRepository(new LocalDirectoryStore(models)).fetch(serving, copy);
        Path stages = Files.createDirectories(copy.resolve("_stages"));
        Files.copy(models.resolve("_stages").resolve(serving + ".json"), stages.resolve(serving + ".json"));
        return copy;
    }
}
