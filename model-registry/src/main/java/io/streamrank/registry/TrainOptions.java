package io.streamrank.registry;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What to train on and how.
 *
 * @param events       event files: {@code .csv} Taobao UserBehavior, {@code .json}/{@code .jsonl} wire-form JSON lines
 * @param models       model store root ({@code <models>/<version>/model}, {@code <models>/<version>/metadata.json})
 * @param epochs       passes over the training pairs
 * @param batchSize    pairs per optimizer step
 * @param negatives    negatives sampled per interaction
 * @param seed         seeds sampling, initialisation and shuffling: same inputs and seed give the same model
 * @param maxPairs     train on only the newest this many pairs, 0 for all
 * @param learningRate Adam learning rate
 * @param l2           L2 penalty on the weight matrices
 * @param version      version name to export as, or {@code null} for {@code vYYYYMMDD-HHMMSS} (UTC, now)
 */
public record TrainOptions(List<Path> events, Path models, int epochs, int batchSize, int negatives, long seed,
                           int maxPairs, float learningRate, float l2, String version) {

    public static final Path DEFAULT_MODELS = Path.of("models");
    public static final int DEFAULT_EPOCHS = 3;
    public static final int DEFAULT_BATCH = 256;
    public static final int DEFAULT_NEGATIVES = 4;
    public static final long DEFAULT_SEED = 42L;
    public static final float DEFAULT_LEARNING_RATE = 0.01f;
    public static final float DEFAULT_L2 = 1e-4f;

    /** Version names become directory names and must sort by time; this keeps them to one safe path segment. */
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public TrainOptions {
        events = List.copyOf(events);
        if (events.isEmpty()) {
            throw new IllegalArgumentException("at least one event file is required");
        }
        if (epochs < 1 || batchSize < 1 || negatives < 1 || maxPairs < 0 || !(learningRate > 0) || !(l2 >= 0)) {
            throw new IllegalArgumentException("epochs, batch and negatives must be >= 1, max-pairs >= 0, "
                    + "learning rate > 0 and l2 >= 0");
        }
        if (version != null && !VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("version must match " + VERSION.pattern() + ": " + version);
        }
    }

    /** Default settings for these inputs. */
    public static TrainOptions defaults(List<Path> events, Path models) {
        return new TrainOptions(events, models, DEFAULT_EPOCHS, DEFAULT_BATCH, DEFAULT_NEGATIVES, DEFAULT_SEED, 0,
                DEFAULT_LEARNING_RATE, DEFAULT_L2, null);
    }

    public TrainOptions withVersion(String version) {
        return new TrainOptions(events, models, epochs, batchSize, negatives, seed, maxPairs, learningRate, l2,
                version);
    }

    public TrainOptions withEpochs(int epochs) {
        return new TrainOptions(events, models, epochs, batchSize, negatives, seed, maxPairs, learningRate, l2,
                version);
    }

    public TrainOptions withMaxPairs(int maxPairs) {
        return new TrainOptions(events, models, epochs, batchSize, negatives, seed, maxPairs, learningRate, l2,
                version);
    }

    public TrainOptions withSeed(long seed) {
        return new TrainOptions(events, models, epochs, batchSize, negatives, seed, maxPairs, learningRate, l2,
                version);
    }
}
