package io.streamrank.registry.training;

import io.streamrank.contract.model.ModelInputBatch;
import io.streamrank.registry.pairs.TrainingPairs;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/**
 * Trains the ranker with BPR on time-ordered pairs: shuffled mini-batches of the training part, the validation loss
 * after every epoch, early stopping after {@code patience} epochs without improvement; then the best epoch count is
 * trained again over every pair, the newest (validation) ones included, and those weights are the model.
 */
public final class BprTrainer {

    private static final int EVAL_BATCH = 8192;
    /** Shuffling draws from its own stream so changing the network size does not change the batch order. */
    private static final long SHUFFLE_SALT = 0x5DEECE66DL;

    private BprTrainer() {
    }

    /** @throws IllegalArgumentException when there are too few pairs for both a training and a validation part */
    public static TrainingResult train(TrainingPairs pairs, HyperParameters hp, Consumer<String> progress) {
        int split = pairs.validationStart();
        if (split == 0 || split == pairs.size()) {
            throw new IllegalArgumentException("too few training pairs to train and validate: " + pairs.size());
        }
        long start = System.nanoTime();
        TrainingPairs data = hp.variant().withoutRealtime ? pairs.withoutRealtimeFeatures() : pairs;
        TensorFlowNatives.load();
        Random shuffle = new Random(hp.seed() ^ SHUFFLE_SALT);
        int[] train = range(0, split);
        int[] validation = range(split, data.size());
        try (Graph graph = new Graph()) {
            BprGraph model = new BprGraph(graph, RankerWeights.initial(hp), hp);
            try (Session session = new Session(graph, singleThreaded())) {
                session.initialize();
                RankerWeights best = null;
                double bestLoss = Double.POSITIVE_INFINITY;
                int bestEpoch = 0;
                int epoch = 0;
                while (epoch < hp.epochs() && epoch - bestEpoch < hp.patience()) {
                    epoch++;
                    double loss = trainPass(session, model, data, train, shuffle, hp.batchSize());
                    double[] val = evaluate(session, model, data, validation);
                    boolean better = val[0] < bestLoss;
                    if (better) {
                        bestLoss = val[0];
                        bestEpoch = epoch;
                        best = weights(session, model);
                    }
                    progress.accept(String.format(Locale.ROOT,
                            "%s epoch %d/%d: train loss %.4f, val loss %.4f, val pairwise accuracy %.4f%s (%.0f s)",
                            hp.variant().wireName(), epoch, hp.epochs(), loss, val[0], val[1],
                            better ? " *" : "", (System.nanoTime() - start) / 1e9));
                }
                if (best == null) {
                    // Every epoch's validation loss was NaN or infinite: the weights diverged (a learning rate or L2
                    // too large for the data). Said so, instead of a NullPointerException from assign.
                    throw new IllegalStateException("training diverged: the validation loss was not a finite number in "
                            + "any of " + epoch + " epochs; lower --learning-rate or --l2");
                }
                assign(session, model, best);
                double[] trainEval = evaluate(session, model, data, train);
                double[] valEval = evaluate(session, model, data, validation);
                Map<String, Double> metrics = new LinkedHashMap<>();
                metrics.put("train_loss", trainEval[0]);
                metrics.put("val_loss", valEval[0]);
                metrics.put("train_pairwise_accuracy", trainEval[1]);
                metrics.put("val_pairwise_accuracy", valEval[1]);
                metrics.put("best_epoch", (double) bestEpoch);
                metrics.put("epochs_run", (double) epoch);
                // Refit: the validation pairs are the newest, and the items and users first seen in them would keep
                // their random starting rows, yet be exported (item embeddings, HNSW graph) as if trained. The
                // chosen number of epochs over every pair, from the same start, in a graph of its own (fresh weights
                // and optimizer state); the metrics above describe the choice.
                RankerWeights refit = refit(data, hp, bestEpoch, progress, start);
                metrics.put("refit_epochs", (double) bestEpoch);
                metrics.put("training_seconds", Math.round((System.nanoTime() - start) / 1e8) / 10.0);
                return new TrainingResult(refit, hp, metrics);
            }
        }
    }

    /** {@code epochs} passes over every pair from the initial weights, as the search's training was run. */
    private static RankerWeights refit(TrainingPairs data, HyperParameters hp, int epochs, Consumer<String> progress,
                                       long start) {
        try (Graph graph = new Graph()) {
            BprGraph model = new BprGraph(graph, RankerWeights.initial(hp), hp);
            try (Session session = new Session(graph, singleThreaded())) {
                session.initialize();
                int[] all = range(0, data.size());
                Random shuffle = new Random(hp.seed() ^ SHUFFLE_SALT);
                for (int e = 1; e <= epochs; e++) {
                    double loss = trainPass(session, model, data, all, shuffle, hp.batchSize());
                    progress.accept(String.format(Locale.ROOT, "%s refit on all %d pairs, epoch %d/%d: train loss "
                            + "%.4f (%.0f s)", hp.variant().wireName(), all.length, e, epochs, loss,
                            (System.nanoTime() - start) / 1e9));
                }
                RankerWeights w = weights(session, model);
                if (!w.allFinite()) {
                    throw new IllegalStateException("training diverged in the refit on all pairs; lower "
                            + "--learning-rate or --l2");
                }
                return w;
            }
        }
    }

    /** One shuffled pass over {@code idx} in Adam steps; returns the mean BPR loss before each step. */
    private static double trainPass(Session session, BprGraph model, TrainingPairs pairs, int[] idx, Random shuffle,
                                int batchSize) {
        shuffle(idx, shuffle);
        double loss = 0;
        for (int from = 0; from < idx.length; from += batchSize) {
            int to = Math.min(from + batchSize, idx.length);
            loss += step(session, model, pairs, idx, from, to) * (to - from);
        }
        return loss / idx.length;
    }

    /** One Adam step; returns the batch's BPR loss before the update. */
    private static double step(Session session, BprGraph model, TrainingPairs pairs, int[] idx, int from, int to) {
        try (Feed feed = Feed.of(pairs, idx, from, to);
             Result r = feed.into(session.runner(), model).addTarget(model.minimize).fetch(model.bprLoss).run()) {
            return ((TFloat32) r.get(0)).getFloat();
        }
    }

    /** {@code [mean BPR loss, pairwise accuracy]} over the given pairs, without updating anything. */
    private static double[] evaluate(Session session, BprGraph model, TrainingPairs pairs, int[] idx) {
        double loss = 0;
        double correct = 0;
        for (int from = 0; from < idx.length; from += EVAL_BATCH) {
            int to = Math.min(from + EVAL_BATCH, idx.length);
            try (Feed feed = Feed.of(pairs, idx, from, to);
                 Result r = feed.into(session.runner(), model).fetch(model.bprLoss).fetch(model.accuracy).run()) {
                loss += ((TFloat32) r.get(0)).getFloat() * (double) (to - from);
                correct += ((TFloat32) r.get(1)).getFloat() * (double) (to - from);
            }
        }
        return new double[] {loss / idx.length, correct / idx.length};
    }

    private static RankerWeights weights(Session session, BprGraph model) {
        Session.Runner runner = session.runner();
        model.variables.forEach(runner::fetch);
        try (Result r = runner.run()) {
            return new RankerWeights(
                    StdArrays.array2dCopyOf((TFloat32) r.get(0)), StdArrays.array1dCopyOf((TFloat32) r.get(1)),
                    StdArrays.array2dCopyOf((TFloat32) r.get(2)), StdArrays.array1dCopyOf((TFloat32) r.get(3)),
                    StdArrays.array2dCopyOf((TFloat32) r.get(4)), StdArrays.array2dCopyOf((TFloat32) r.get(5)),
                    StdArrays.array2dCopyOf((TFloat32) r.get(6)), StdArrays.array1dCopyOf((TFloat32) r.get(7)));
        }
    }

    /** Puts the best epoch's weights back so the final metrics describe the model that is exported. */
    private static void assign(Session session, BprGraph model, RankerWeights w) {
        List<TFloat32> values = List.of(TFloat32.tensorOf(StdArrays.ndCopyOf(w.w1())), TFloat32.vectorOf(w.b1()),
                TFloat32.tensorOf(StdArrays.ndCopyOf(w.w2())), TFloat32.vectorOf(w.b2()),
                TFloat32.tensorOf(StdArrays.ndCopyOf(w.user())), TFloat32.tensorOf(StdArrays.ndCopyOf(w.item())),
                TFloat32.tensorOf(StdArrays.ndCopyOf(w.category())), TFloat32.vectorOf(w.itemBias()));
        try {
            for (int i = 0; i < values.size(); i++) {
                model.assign(session, i, values.get(i));
            }
        } finally {
            values.forEach(TFloat32::close);
        }
    }

    /**
     * One thread per op and between ops: the network is far too small to gain from threads, and a fixed execution
     * order keeps "same seed, same model" from depending on how reductions are split between threads.
     */
    static ConfigProto singleThreaded() {
        return ConfigProto.newBuilder().setIntraOpParallelismThreads(1).setInterOpParallelismThreads(1).build();
    }

    private static int[] range(int from, int to) {
        int[] a = new int[to - from];
        for (int i = 0; i < a.length; i++) {
            a[i] = from + i;
        }
        return a;
    }

    private static void shuffle(int[] a, Random random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /**
     * A training or evaluation batch as tensors: the positives' and negatives' rows of the selected pairs. A pair's
     * negative has the same user snapshot as its positive, so the positives' context rows serve both sides.
     */
    private record Feed(List<ModelInputBatch.Input> pos, List<ModelInputBatch.Input> neg, Tensors tensors)
            implements AutoCloseable {

        static Feed of(TrainingPairs pairs, int[] idx, int from, int to) {
            List<ModelInputBatch.Input> pos = pairs.positives().select(idx, from, to).inputs();
            List<ModelInputBatch.Input> neg = pairs.negatives().select(idx, from, to).inputs();
            return new Feed(pos, neg, new Tensors());
        }

        Session.Runner into(Session.Runner runner, BprGraph m) {
            return runner.feed(m.posFeatures, tensors.of(pos.get(0)))
                    .feed(m.user, tensors.of(pos.get(1)))
                    .feed(m.posItem, tensors.of(pos.get(2)))
                    .feed(m.posCategory, tensors.of(pos.get(3)))
                    .feed(m.recentItems, tensors.of(pos.get(4)))
                    .feed(m.recentCategories, tensors.of(pos.get(5)))
                    .feed(m.contextRow, tensors.of(pos.get(6)))
                    .feed(m.negFeatures, tensors.of(neg.get(0)))
                    .feed(m.negItem, tensors.of(neg.get(2)))
                    .feed(m.negCategory, tensors.of(neg.get(3)));
        }

        @Override
        public void close() {
            tensors.close();
        }
    }
}
