package io.streamrank.registry;

import io.streamrank.contract.model.ModelMetadata;
import io.streamrank.contract.model.ModelSignature;
import io.streamrank.contract.model.ModelStore;
import io.streamrank.contract.registry.VersionSigner;
import io.streamrank.registry.data.EventLog;
import io.streamrank.registry.export.ModelExporter;
import io.streamrank.registry.training.TrainingResult;
import io.streamrank.registry.training.Variant;
import io.streamrank.registry.versions.ModelRegistry;
import io.streamrank.registry.versions.StoreLocations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** Trains a model from event files and publishes it as a new version in the model store; callable in-process. */
public final class Trainer {

    private static final DateTimeFormatter VERSION_FORMAT =
            DateTimeFormatter.ofPattern("'v'yyyyMMdd-HHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private Trainer() {
    }

    /** Trains and publishes, printing progress to standard output. */
    public static ModelMetadata train(TrainOptions options) throws IOException {
        return train(options, System.out::println);
    }

    /**
     * Reads the events, builds point-in-time pairs, trains, exports the version (SavedModel, item embeddings,
     * metadata, checksums last) and publishes it to the store in {@code options.stage()}, signed when
     * {@code options.signingKey()} names a key (ADR 79).
     *
     * @return the metadata of the published version
     * @throws IllegalArgumentException when the inputs hold too few interactions to train and validate on
     * @throws IllegalStateException    when the version already exists
     * @throws IOException              when the signing key cannot be read (before any training)
     */
    public static ModelMetadata train(TrainOptions options, Consumer<String> progress) throws IOException {
        // Read before minutes of training: a key that is missing or not an Ed25519 private key fails now.
        VersionSigner signer = options.signingKey() == null ? null : VersionSigner.fromPemFile(options.signingKey());
        ModelRegistry registry = new ModelRegistry(StoreLocations.open(options.store()));
        if (options.version() != null && registry.repository().store().exists(
                options.version() + "/" + io.streamrank.contract.registry.Checksums.FILE_NAME)) {
            // Fail before minutes of work; publishing checks again for the time-derived name.
            throw new IllegalStateException("model version already exists: " + options.version() + " in "
                    + registry.repository().store().location());
        }
        EventLog log = EventLog.read(options.events(), progress);
        if (log.isEmpty()) {
            throw new IllegalArgumentException("no events in " + options.events());
        }
        ModelTraining.Trained trained = ModelTraining.train(log.events(), options, Variant.FULL, progress);
        TrainingResult result = trained.result();

        Instant now = Clock.systemUTC().instant();
        String version = options.version() != null ? options.version() : VERSION_FORMAT.format(now);
        ModelMetadata metadata = new ModelMetadata(version, ModelSignature.SCHEMA_VERSION, ModelSignature.FEATURES,
                now.toString(), Instant.ofEpochMilli(log.firstTimestamp()).toString(),
                Instant.ofEpochMilli(log.lastTimestamp()).toString(), trained.pairs().size(), // the refit's: every pair
                trained.hyperParameters(options), result.metrics(), sourceNames(options.events()),
                CodeRevision.detect());
        Path staging = Files.createTempDirectory("streamrank-export-");
        try {
            Path dir = ModelExporter.export(new ModelStore(staging), result, trained.itemCategories(), metadata,
                    true, progress);
            registry.publish(dir, options.stage(), "trained from " + String.join(", ", metadata.sources()), signer);
        } catch (io.streamrank.registry.versions.RegistryException e) {
            if (e.kind() == io.streamrank.registry.versions.RegistryException.Kind.CONFLICT) {
                throw new IllegalStateException(e.getMessage(), e);
            }
            throw e;
        } finally {
            deleteTree(staging);
        }
        progress.accept("published " + version + " (" + options.stage().wireName()
                + (signer == null ? ", unsigned" : ", signed") + ") to "
                + registry.repository().store().location() + " " + result.metrics());
        return metadata;
    }

    private static List<String> sourceNames(List<Path> files) {
        return files.stream().map(f -> f.getFileName().toString()).toList();
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
