package io.streamrank.registry.training;

import io.streamrank.contract.model.ModelSignature;
import io.streamrank.registry.pairs.TrainingPairs;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/** Trains the MLP with BPR on time-ordered pairs: shuffled mini-batches of the training part, then evaluation. */
public final class BprTrainer {

    private static final int F = ModelSignature.FEATURE_COUNT;
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
        TensorFlowNatives.load();
        Random shuffle = new Random(hp.seed() ^ SHUFFLE_SALT);
        int[] train = range(0, split);
        int[] validation = range(split, pairs.size());
        try (Graph graph = new Graph()) {
            BprGraph model = new BprGraph(graph, MlpWeights.initial(hp.hidden(), hp.seed()), hp);
            try (Session session = new Session(graph, singleThreaded())) {
                session.initialize();
                for (int epoch = 1; epoch <= hp.epochs(); epoch++) {
                    shuffle(train, shuffle);
                    double loss = 0;
                    for (int from = 0; from < train.length; from += hp.batchSize()) {
                        int to = Math.min(from + hp.batchSize(), train.length);
                        loss += step(session, model, pairs, train, from, to) * (to - from);
                    }
                    double[] val = evaluate(session, model, pairs, validation);
                    progress.accept(String.format(Locale.ROOT,
                            "epoch %d/%d: train loss %.4f, val loss %.4f, val pairwise accuracy %.4f",
                            epoch, hp.epochs(), loss / train.length, val[0], val[1]));
                }
                double[] trainEval = evaluate(session, model, pairs, train);
                double[] valEval = evaluate(session, model, pairs, validation);
                Map<String, Double> metrics = new LinkedHashMap<>();
                metrics.put("train_loss", trainEval[0]);
                metrics.put("val_loss", valEval[0]);
                metrics.put("train_pairwise_accuracy", trainEval[1]);
                metrics.put("val_pairwise_accuracy", valEval[1]);
                return new TrainingResult(weights(session, model), metrics);
            }
        }
    }

    /** One Adam step; returns the batch's BPR loss before the update. */
    private static double step(Session session, BprGraph model, TrainingPairs pairs, int[] idx, int from, int to) {
        try (TFloat32 pos = rows(pairs, idx, from, to, true);
             TFloat32 neg = rows(pairs, idx, from, to, false);
             Result r = session.runner().feed(model.positives, pos).feed(model.negatives, neg)
                     .addTarget(model.minimize).fetch(model.bprLoss).run()) {
            return ((TFloat32) r.get(0)).getFloat();
        }
    }

    /** {@code [mean BPR loss, pairwise accuracy]} over the given pairs, without updating anything. */
    private static double[] evaluate(Session session, BprGraph model, TrainingPairs pairs, int[] idx) {
        double loss = 0;
        double correct = 0;
        for (int from = 0; from < idx.length; from += EVAL_BATCH) {
            int to = Math.min(from + EVAL_BATCH, idx.length);
            try (TFloat32 pos = rows(pairs, idx, from, to, true);
                 TFloat32 neg = rows(pairs, idx, from, to, false);
                 Result r = session.runner().feed(model.positives, pos).feed(model.negatives, neg)
                         .fetch(model.bprLoss).fetch(model.accuracy).run()) {
                loss += ((TFloat32) r.get(0)).getFloat() * (double) (to - from);
                correct += ((TFloat32) r.get(1)).getFloat() * (double) (to - from);
            }
        }
        return new double[] {loss / idx.length, correct / idx.length};
    }

    private static MlpWeights weights(Session session, BprGraph model) {
        try (Result r = session.runner().fetch(model.w1).fetch(model.b1).fetch(model.w2).fetch(model.b2).run()) {
            return new MlpWeights(StdArrays.array2dCopyOf((TFloat32) r.get(0)),
                    StdArrays.array1dCopyOf((TFloat32) r.get(1)),
                    StdArrays.array2dCopyOf((TFloat32) r.get(2)),
                    StdArrays.array1dCopyOf((TFloat32) r.get(3)));
        }
    }

    private static TFloat32 rows(TrainingPairs pairs, int[] idx, int from, int to, boolean positive) {
        float[] buf = new float[(to - from) * F];
        pairs.gather(idx, from, to, positive, buf);
        return TFloat32.tensorOf(Shape.of(to - from, F), DataBuffers.of(buf, true, false));
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
}
