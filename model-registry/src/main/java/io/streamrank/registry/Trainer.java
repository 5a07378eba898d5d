package io.streamrank.registry;

import io.streamrank.contract.model.ModelMetadata;
import io.streamrank.contract.model.ModelSignature;
import io.streamrank.contract.model.ModelStore;
import io.streamrank.registry.data.EventLog;
import io.streamrank.registry.export.ModelExporter;
import io.streamrank.registry.pairs.PairBuilder;
import io.streamrank.registry.pairs.TrainingPairs;
import io.streamrank.registry.training.BprTrainer;
import io.streamrank.registry.training.HyperParameters;
import io.streamrank.registry.training.TrainingResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/** Trains a model from event files and exports it as a new version in the model store; callable in-process. */
public final class Trainer {

    /** Hidden units of the ranking MLP. */
    static final int HIDDEN_UNITS = 16;

    private static final DateTimeFormatter VERSION_FORMAT =
            DateTimeFormatter.ofPattern("'v'yyyyMMdd-HHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private Trainer() {
    }

    /** Trains and exports, printing progress to standard output. */
    public static ModelMetadata train(TrainOptions options) throws IOException {
        return train(options, System.out::println);
    }

    /**
     * Reads the events, builds point-in-time pairs, trains, and exports the version (metadata written last).
     *
     * @return the metadata of the exported version
     * @throws IllegalArgumentException when the inputs hold too few interactions to train and validate on
     * @throws IllegalStateException    when the version already exists
     */
    public static ModelMetadata train(TrainOptions options, Consumer<String> progress) throws IOException {
        Clock clock = Clock.systemUTC();
        ModelStore store = new ModelStore(options.models());
        if (options.version() != null && Files.exists(store.versionDir(options.version()))) {
            // Fail before minutes of work; the exporter checks again for the time-derived name.
            throw new IllegalStateException("model version already exists: " + store.versionDir(options.version()));
        }
        EventLog log = EventLog.read(options.events(), progress);
        if (log.isEmpty()) {
            throw new IllegalArgumentException("no events in " + options.events());
        }
        TrainingPairs pairs = PairBuilder.build(log.events(), options.negatives(), options.seed(),
                options.maxPairs());
        progress.accept(String.format(Locale.ROOT, "built %,d pairs from %,d events (%,d train, %,d validation)",
                pairs.size(), log.events().size(), pairs.validationStart(), pairs.size() - pairs.validationStart()));

        HyperParameters hp = new HyperParameters(options.epochs(), options.batchSize(), options.learningRate(),
                options.l2(), HIDDEN_UNITS, options.seed());
        TrainingResult result = BprTrainer.train(pairs, hp, progress);

        Instant now = clock.instant();
        String version = options.version() != null ? options.version() : VERSION_FORMAT.format(now);
        ModelMetadata metadata = new ModelMetadata(version, ModelSignature.SCHEMA_VERSION, ModelSignature.FEATURES,
                now.toString(), Instant.ofEpochMilli(log.firstTimestamp()).toString(),
                Instant.ofEpochMilli(log.lastTimestamp()).toString(), pairs.validationStart(),
                hyperParameters(hp, options, pairs), result.metrics(), sourceNames(options.events()));
        ModelExporter.export(store, result.weights(), metadata);
        progress.accept("exported " + version + " to " + store.versionDir(version) + " " + result.metrics());
        return metadata;
    }

    private static Map<String, Object> hyperParameters(HyperParameters hp, TrainOptions options,
                                                       TrainingPairs pairs) {
        Map<String, Object> m = hp.asMap();
        m.put("negatives", options.negatives());
        m.put("max_pairs", options.maxPairs());
        m.put("validation_pairs", pairs.size() - pairs.validationStart());
        return m;
    }

    private static List<String> sourceNames(List<Path> files) {
        return files.stream().map(f -> f.getFileName().toString()).toList();
    }
}
