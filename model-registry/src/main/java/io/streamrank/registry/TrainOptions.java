package io.streamrank.registry;

import io.streamrank.contract.registry.Stage;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What to train on and how.
 *
 * @param events          event files: {@code .csv} Taobao UserBehavior, {@code .json}/{@code .jsonl} wire-form JSON
 * @param store           model store: a directory, or {@code s3://bucket/prefix?endpoint=…} (see {@code --help})
 * @param epochs          most passes over the training pairs
 * @param patience        early stopping: epochs without a better validation loss before training stops
 * @param batchSize       pairs per optimizer step
 * @param negatives       negatives sampled per interaction
 * @param seed            seeds sampling, initialisation and shuffling: same inputs and seed give the same model
 * @param maxPairs        train on only the newest this many pairs, 0 for all
 * @param learningRate    Adam learning rate
 * @param l2              L2 penalty (MLP weight matrices and the embedding rows of each pair)
 * @param dim             embedding dimension
 * @param hashBuckets     embedding hash buckets per table, or 0 to size each table from the data (2 × distinct ids,
 *                        rounded up to a power of two)
 * @param version         version name to export as, or {@code null} for {@code vYYYYMMDD-HHMMSS} (UTC, now)
 * @param stage           stage the new version is registered in
 * @param signingKey      Ed25519 private key (PEM) that signs the new version (ADR 79), or {@code null}: unsigned
 */
public record TrainOptions(List<Path> events, String store, int epochs, int patience, int batchSize, int negatives,
                           long seed, int maxPairs, float learningRate, float l2, int dim, int hashBuckets,
                           String version, Stage stage, Path signingKey) {

    public static final String DEFAULT_STORE = "models";
    public static final int DEFAULT_EPOCHS = 8;
    public static final int DEFAULT_PATIENCE = 2;
    public static final int DEFAULT_BATCH = 256;
    public static final int DEFAULT_NEGATIVES = 4;
    public static final long DEFAULT_SEED = 42L;
    public static final float DEFAULT_LEARNING_RATE = 0.0005f;
    public static final float DEFAULT_L2 = 1e-3f;
    public static final int DEFAULT_DIM = 16;

    /** Version names become directory names and must sort by time; this keeps them to one safe path segment. */
    public static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public TrainOptions {
        events = List.copyOf(events);
        if (events.isEmpty()) {
            throw new IllegalArgumentException("at least one event file is required");
        }
        if (epochs < 1 || patience < 1 || batchSize < 1 || negatives < 1 || maxPairs < 0
                || !(learningRate > 0 && Float.isFinite(learningRate)) || !(l2 >= 0 && Float.isFinite(l2)) || dim < 1
                || hashBuckets < 0) {
            throw new IllegalArgumentException("epochs, patience, batch, negatives and dim must be >= 1, "
                    + "max-pairs and buckets >= 0, a finite learning rate > 0 and a finite l2 >= 0");
        }
        if (version != null && !VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("version must match " + VERSION.pattern() + ": " + version);
        }
        if (store == null || store.isBlank() || stage == null) {
            throw new IllegalArgumentException("a model store and a stage are required");
        }
        if (stage == Stage.ARCHIVED) {
            throw new IllegalArgumentException("--stage archived would publish a version straight into the archive: "
                    + "use candidate, shadow, canary or production");
        }
    }

    /** Options that publish the version unsigned (as before ADR 79). */
    public TrainOptions(List<Path> events, String store, int epochs, int patience, int batchSize, int negatives,
                        long seed, int maxPairs, float learningRate, float l2, int dim, int hashBuckets,
                        String version, Stage stage) {
        this(events, store, epochs, patience, batchSize, negatives, seed, maxPairs, learningRate, l2, dim, hashBuckets,
                version, stage, null);
    }

    /** Default settings for these inputs, registering the new version as a candidate in the directory store. */
    public static TrainOptions defaults(List<Path> events, Path models) {
        return new TrainOptions(events, models.toString(), DEFAULT_EPOCHS, DEFAULT_PATIENCE, DEFAULT_BATCH,
                DEFAULT_NEGATIVES, DEFAULT_SEED, 0, DEFAULT_LEARNING_RATE, DEFAULT_L2, DEFAULT_DIM, 0, null,
                Stage.CANDIDATE);
    }

    public TrainOptions withVersion(String version) {
        return new TrainOptions(events, store, epochs, patience, batchSize, negatives, seed, maxPairs, learningRate,
                l2, dim, hashBuckets, version, stage, signingKey);
    }

    public TrainOptions withEpochs(int epochs) {
        return new TrainOptions(events, store, epochs, patience, batchSize, negatives, seed, maxPairs, learningRate,
                l2, dim, hashBuckets, version, stage, signingKey);
    }

    public TrainOptions withMaxPairs(int maxPairs) {
        return new TrainOptions(events, store, epochs, patience, batchSize, negatives, seed, maxPairs, learningRate,
                l2, dim, hashBuckets, version, stage, signingKey);
    }

    public TrainOptions withSeed(long seed) {
        return new TrainOptions(events, store, epochs, patience, batchSize, negatives, seed, maxPairs, learningRate,
                l2, dim, hashBuckets, version, stage, signingKey);
    }

    public TrainOptions withStage(Stage stage) {
        return new TrainOptions(events, store, epochs, patience, batchSize, negatives, seed, maxPairs, learningRate,
                l2, dim, hashBuckets, version, stage, signingKey);
    }

    /** The same options, the version signed with the private key in {@code signingKey} (null: unsigned). */
    public TrainOptions withSigningKey(Path signingKey) {
        return new TrainOptions(events, store, epochs, patience, batchSize, negatives, seed, maxPairs, learningRate,
                l2, dim, hashBuckets, version, stage, signingKey);
    }
}
