package io.streamrank.ranking;

import io.streamrank.contract.model.ItemEmbeddings;
import io.streamrank.contract.model.ItemGraph;
import io.streamrank.contract.model.ItemVectors;
import io.streamrank.contract.model.ModelStore;
import io.streamrank.contract.registry.Checksums;
import io.streamrank.registry.TrainOptions;
import io.streamrank.registry.Trainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;

/** Trains a real model with the real trainer on a small generated clickstream (category-loyal sessions). */
public final class TestModels {

    /** Categories of the generated clickstream; item ids are {@code category * 1000 + n}, n &lt; 30. */
    public static final List<Long> CATEGORIES = LongStream.rangeClosed(11, 20).boxed().toList();

    private static Path trained;

    private TestModels() {
    }

    /**
     * A model store with one trained version and that version's item embeddings (dim 16, all generated items),
     * trained once per JVM: several test classes share it read-only.
     */
    public static synchronized Path trainedWithEmbeddings() {
        if (trained == null) {
            try {
                Path models = train(Files.createTempDirectory("models"));
                String version = new ModelStore(models).newestVersion().orElseThrow();
                // Synthetic, category-clustered embeddings make retrieval assertions exact; the version is re-signed
                // so the service's checksum verification accepts it like a published version.
                Path dir = models.resolve(version);
                TestEmbeddings.write(dir.resolve(ItemEmbeddings.FILE_NAME), CATEGORIES, 30, 16, 5);
                // The exported graph belongs to the trained embeddings: linked again for these, as the exporter would.
                writeGraph(dir, ItemEmbeddings.read(dir.resolve(ItemEmbeddings.FILE_NAME)));
                resign(dir);
                trained = models;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return trained;
    }

    /** A copy of {@link #trainedWithEmbeddings()} without the embeddings file (ANN retrieval must skip). */
    public static Path trainedWithoutEmbeddings() {
        try {
            Path source = trainedWithEmbeddings();
            Path copy = Files.createTempDirectory("models-no-embeddings");
            try (var files = Files.walk(source)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    Path target = copy.resolve(source.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(target);
                    } else if (!p.getFileName().toString().equals("item_embeddings.bin")) {
                        Files.copy(p, target);
                    }
                }
            }
            resign(copy.resolve(new ModelStore(copy).newestVersion().orElseThrow()));
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces a version's HNSW graph with one written for {@code embeddings}, and re-signs the version. */
    public static void writeGraph(Path versionDir, ItemEmbeddings embeddings) throws IOException {
        Path graph = versionDir.resolve(ItemGraph.DIR_NAME);
        if (Files.isDirectory(graph)) {
            try (var files = Files.walk(graph)) {
                for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
        }
        ItemGraph.write(ItemVectors.of(embeddings), graph);
        resign(versionDir);
    }

    /** Rewrites a version's checksums after a test changed its files on purpose. */
    public static void resign(Path versionDir) throws IOException {
        Files.write(versionDir.resolve(Checksums.FILE_NAME), Checksums.of(versionDir).bytes());
    }

    /** Item ids are {@code category * 1000 + n}. */
    public static Path train(Path dir) throws IOException {
        Random random = new Random(3);
        List<String> lines = new ArrayList<>();
        long t = 1_511_661_600L;
        for (int user = 1; user <= 150; user++) {
            long category = 11 + random.nextInt(10);
            for (int i = 0; i < 25; i++) {
                if (random.nextDouble() < 0.15) {
                    category = 11 + random.nextInt(10);
                }
                long item = category * 1000 + (int) Math.min(29, Math.abs(random.nextGaussian()) * 6);
                lines.add(user + "," + item + "," + category + ",pv," + (t + user * 7L + i * 60L));
            }
        }
        Path csv = Files.write(dir.resolve("train.csv"), lines);
        Path models = dir.resolve("models");
        Trainer.train(TrainOptions.defaults(List.of(csv), models), line -> { });
        return models;
    }

    /**
     * Two more versions beside {@link #train}'s in its store under {@code dir}, {@code v-second} and {@code v-third}
     * (seeds 7 and 8, 2 epochs), for tests that move between versions.
     */
    public static void trainSecondAndThird(Path dir) throws IOException {
        Path models = dir.resolve("models");
        Trainer.train(TrainOptions.defaults(List.of(dir.resolve("train.csv")), models).withVersion("v-second")
                .withSeed(7L).withEpochs(2), line -> { });
        Trainer.train(TrainOptions.defaults(List.of(dir.resolve("train.csv")), models).withVersion("v-third")
                .withSeed(8L).withEpochs(2), line -> { });
    }

    /** A writable copy of a model store under {@code parent}, for tests that change its stages or files. */
    public static Path copyOf(Path store, Path parent) throws IOException {
        Path copy = parent.resolve("store-" + System.nanoTime());
        try (var files = Files.walk(store)) {
            for (Path f : files.toList()) {
                Path target = copy.resolve(store.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
        return copy;
    }
}
