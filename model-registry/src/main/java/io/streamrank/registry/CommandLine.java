package io.streamrank.registry;

import io.streamrank.contract.event.EventAdmission;
import io.streamrank.contract.registry.Stage;
import io.streamrank.registry.cli.Args;
import io.streamrank.registry.cli.Home;
import io.streamrank.registry.cli.SigningKeyFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Parses the trainer's command line into {@link TrainOptions}. */
final class CommandLine {

    static final String USAGE = String.format(Locale.ROOT, """
            Usage: TrainCommand --events FILE [--events FILE ...] [options]

            Trains the Streamrank ranker (BPR loss; a small MLP over the dense real-time features plus hashed
            user/item/category embeddings and the user's recent items as context) on point-in-time features replayed
            from events, exports it (SavedModel, item_embeddings.bin, item_graph/, item_categories.bin, metadata.json,
            checksums.sha256) and publishes it to the model store as a new immutable version in the given stage.

              --events FILE         event file to train on; repeatable. *.csv = Taobao UserBehavior rows
                                    (user_id,item_id,category_id,behavior,timestamp in seconds, no header);
                                    *.json / *.jsonl = one Streamrank JSON event per line. Malformed lines are skipped.
                                    Events the feature job drops are dropped too (counted in the output): those
                                    more than %,d ms behind the newest event before them in their file, those
                                    more than %,d ms ahead of the file's clock (a JSON file is taken as a
                                    recording of the topic, in arrival order, its clock estimated from its
                                    records; CSV rows in time order) and repeated eventIds.
              --store LOCATION      model store: a directory (default: models, in the checkout under
                                    bin/streamrank-models) or
                                    s3://bucket/prefix[?endpoint=URL&region=R&path-style=true] (credentials from the
                                    AWS SDK default chain, e.g. AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY)
              --models DIR          the same as --store (kept for scripts)
              --stage STAGE         stage of the new version: candidate (default), shadow, canary or production
              --epochs N            most passes over the training pairs (default: %d)
              --patience N          stop after N epochs without a better validation loss (default: %d)
              --batch N             pairs per optimizer step (default: %d)
              --negatives N         negatives per interaction: 1 of the user's recent items, up to N/2-1 of the
                                    positive's category, the rest by popularity (default: %d)
              --seed N              seed for sampling, initialisation and shuffling (default: %d)
              --max-pairs N         train on the newest N pairs only; 0 = all (default: 0)
              --learning-rate X     Adam learning rate (default: %s)
              --l2 X                L2 penalty on the MLP weights and each pair's embedding rows (default: %s)
              --dim N               embedding dimension (default: %d)
              --buckets N           hash buckets per embedding table; 0 = 2 x distinct ids, rounded up to a power
                                    of two (default: 0)
              --version NAME        version name (default: vYYYYMMDD-HHMMSS, UTC now); must not exist yet
              --signing-key FILE    sign the version with this Ed25519 private key (PEM, `registry keygen`):
                                    checksums.sha256.sig is written before checksums.sha256 (ADR 79); else the
                                    file named by STREAMRANK_SIGNING_KEY_FILE; neither: the version is published
                                    unsigned, as before, and readers that require signatures refuse it
              --help                show this help

            The last 10%% of pairs (by time) are held out for early stopping; their loss and pairwise accuracy go into
            metadata.json. Run with -Dai.djl.offline=true -DTENSORFLOW_LIBRARY_PATH=<dir with libjnitensorflow.so>.
            """, EventAdmission.ON_TIME_BEHIND_MS, EventAdmission.MAX_FUTURE_SKEW.toMillis(), TrainOptions.DEFAULT_EPOCHS,
            TrainOptions.DEFAULT_PATIENCE, TrainOptions.DEFAULT_BATCH,
            TrainOptions.DEFAULT_NEGATIVES, TrainOptions.DEFAULT_SEED, plain(TrainOptions.DEFAULT_LEARNING_RATE),
            plain(TrainOptions.DEFAULT_L2), TrainOptions.DEFAULT_DIM);

    private CommandLine() {
    }

    /** Returns {@code null} when help was asked for. @throws IllegalArgumentException on a bad command line */
    static TrainOptions parse(String[] args) {
        return parse(args, System.getenv());
    }

    /** As {@link #parse(String[])}, the signing key's environment variable read from {@code env}. */
    static TrainOptions parse(String[] args, Map<String, String> env) {
        List<Path> events = new ArrayList<>();
        TrainOptions d = TrainOptions.defaults(List.of(Path.of("-")), Path.of(TrainOptions.DEFAULT_STORE));
        String store = Home.resolve(d.store());
        int epochs = d.epochs();
        int patience = d.patience();
        int batch = d.batchSize();
        int negatives = d.negatives();
        long seed = d.seed();
        int maxPairs = 0;
        float learningRate = d.learningRate();
        float l2 = d.l2();
        int dim = d.dim();
        int buckets = 0;
        String version = null;
        Stage stage = Stage.CANDIDATE;
        String signingKey = null;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("--help") || name.equals("-h")) {
                return null;
            }
            if (!name.startsWith("--")) {
                // Checked before the value: `--events a.csv b.csv` had reported "missing value for b.csv", and a
                // stray word before an option "unknown option".
                throw Args.unexpected(name);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value for " + name);
            }
            String value = args[++i];
            switch (name) {
                case "--events" -> events.add(Path.of(value));
                case "--store", "--models" -> store = value;
                case "--stage" -> stage = Stage.parse(value);
                case "--epochs" -> epochs = parseInt(name, value);
                case "--patience" -> patience = parseInt(name, value);
                case "--batch" -> batch = parseInt(name, value);
                case "--negatives" -> negatives = parseInt(name, value);
                case "--seed" -> seed = parseLong(name, value);
                case "--max-pairs" -> maxPairs = parseInt(name, value);
                case "--learning-rate" -> learningRate = parseFloat(name, value);
                case "--l2" -> l2 = parseFloat(name, value);
                case "--dim" -> dim = parseInt(name, value);
                case "--buckets" -> buckets = parseInt(name, value);
                case "--version" -> version = value;
                case "--signing-key" -> signingKey = value;
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        if (events.isEmpty()) {
            throw new IllegalArgumentException("--events is required");
        }
        return new TrainOptions(events, store, epochs, patience, batch, negatives, seed, maxPairs, learningRate, l2,
                dim, buckets, version, stage, SigningKeyFile.resolve(signingKey, env));
    }

    static int parseInt(String name, String value) {
        return Args.toInt(name, parseLong(name, value));
    }

    static long parseLong(String name, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " wants an integer, got " + value);
        }
    }

    static float parseFloat(String name, String value) {
        try {
            return Float.parseFloat(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " wants a number, got " + value);
        }
    }

    /** 0.0005, not 5.0E-4, in the help. */
    private static String plain(float x) {
        return new java.math.BigDecimal(Float.toString(x)).toPlainString();
    }
}
