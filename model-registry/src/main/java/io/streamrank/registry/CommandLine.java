package io.streamrank.registry;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Parses the trainer's command line into {@link TrainOptions}. */
final class CommandLine {

    static final String USAGE = """
            Usage: TrainCommand --events FILE [--events FILE ...] [options]

            Trains the Streamrank ranking model (BPR, small MLP) on point-in-time features replayed from events and
            exports it as a new version: <models>/<version>/model (SavedModel) and <models>/<version>/metadata.json.

              --events FILE         event file to train on; repeatable. *.csv = Taobao UserBehavior rows
                                    (user_id,item_id,category_id,behavior,timestamp in seconds, no header);
                                    *.json / *.jsonl = one Streamrank JSON event per line. Malformed lines are skipped.
              --models DIR          model store root (default: models)
              --epochs N            passes over the training pairs (default: %d)
              --batch N             pairs per optimizer step (default: %d)
              --negatives N         negative items sampled per interaction (default: %d)
              --seed N              seed for sampling, initialisation and shuffling (default: %d)
              --max-pairs N         train on the newest N pairs only; 0 = all (default: 0)
              --learning-rate X     Adam learning rate (default: %s)
              --l2 X                L2 penalty on the weight matrices (default: %s)
              --version NAME        version name (default: vYYYYMMDD-HHMMSS, UTC now); must not exist yet
              --help                show this help

            The last 10%% of pairs (by time) are held out; their loss and pairwise accuracy go into metadata.json.
            Run with -Dai.djl.offline=true -DTENSORFLOW_LIBRARY_PATH=<dir with libjnitensorflow.so>.
            """.formatted(TrainOptions.DEFAULT_EPOCHS, TrainOptions.DEFAULT_BATCH, TrainOptions.DEFAULT_NEGATIVES,
            TrainOptions.DEFAULT_SEED, TrainOptions.DEFAULT_LEARNING_RATE, TrainOptions.DEFAULT_L2);

    private CommandLine() {
    }

    /** Returns {@code null} when help was asked for. @throws IllegalArgumentException on a bad command line */
    static TrainOptions parse(String[] args) {
        List<Path> events = new ArrayList<>();
        Path models = TrainOptions.DEFAULT_MODELS;
        int epochs = TrainOptions.DEFAULT_EPOCHS;
        int batch = TrainOptions.DEFAULT_BATCH;
        int negatives = TrainOptions.DEFAULT_NEGATIVES;
        long seed = TrainOptions.DEFAULT_SEED;
        int maxPairs = 0;
        float learningRate = TrainOptions.DEFAULT_LEARNING_RATE;
        float l2 = TrainOptions.DEFAULT_L2;
        String version = null;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("--help") || name.equals("-h")) {
                return null;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value for " + name);
            }
            String value = args[++i];
            switch (name) {
                case "--events" -> events.add(Path.of(value));
                case "--models" -> models = Path.of(value);
                case "--epochs" -> epochs = parseInt(name, value);
                case "--batch" -> batch = parseInt(name, value);
                case "--negatives" -> negatives = parseInt(name, value);
                case "--seed" -> seed = parseLong(name, value);
                case "--max-pairs" -> maxPairs = parseInt(name, value);
                case "--learning-rate" -> learningRate = parseFloat(name, value);
                case "--l2" -> l2 = parseFloat(name, value);
                case "--version" -> version = value;
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        if (events.isEmpty()) {
            throw new IllegalArgumentException("--events is required");
        }
        return new TrainOptions(events, models, epochs, batch, negatives, seed, maxPairs, learningRate, l2, version);
    }

    private static int parseInt(String name, String value) {
        return (int) parseLong(name, value);
    }

    private static long parseLong(String name, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " wants an integer, got " + value);
        }
    }

    private static float parseFloat(String name, String value) {
        try {
            return Float.parseFloat(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " wants a number, got " + value);
        }
    }
}
