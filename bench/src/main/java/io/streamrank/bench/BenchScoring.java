package io.streamrank.bench;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import io.streamrank.contract.model.DjlModelInputs;
import io.streamrank.contract.model.KeptInputs;
import io.streamrank.contract.model.TfTensorMemory;
import io.streamrank.contract.model.ModelInputBatch;
import io.streamrank.contract.model.ModelMetadata;
import io.streamrank.contract.model.ModelStore;
import io.streamrank.registry.cli.Home;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code bin/bench-scoring}: DJL scoring of one 500-row batch, the ranking service's score stage without HTTP or
 * Redis, under TensorFlow's default thread pools, under one intra-op / one inter-op thread per session, and with every
 * op run in the calling thread, each in its own JVM (the pools are per process), with 1 and 2 concurrent predictors.
 * First the model rows of one request are timed in this process ({@link RowBuilding}).
 * Each child alternates rounds of three ways of handing the inputs to DJL: written into tensors kept per predictor
 * (what the service does, ADR 49), new tensors staged through reused direct buffers (the service before) and new
 * tensors from Java arrays (the baseline). Prints calls/s and the process CPU per call of each, medians of the
 * rounds, and the heap each way allocates per call. Last, the service's dynamic batching: CPU per request when
 * 1, 2 or 4 requests share a call.
 */
public final class BenchScoring {

    private static final String[][] SETTINGS = {{"TensorFlow default pools", ""},
        {"intra-op 1, inter-op 1", "-Dai.djl.tensorflow.num_intraop_threads=1 -Dai.djl.tensorflow.num_interop_threads=1"},
        // A negative inter-op count makes TensorFlow run every op in the thread that called Session.run.
        {"intra-op 1, ops in the caller's thread",
            "-Dai.djl.tensorflow.num_intraop_threads=1 -Dai.djl.tensorflow.num_interop_threads=-1"}};

    private BenchScoring() {
    }

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.println(USAGE);
            return;
        }
        boolean child = args.length > 0 && CHILDREN.contains(args[0]);
        if (!child) {
            try {
                checkArguments(args);
            } catch (IllegalArgumentException e) {
                System.err.println("error: " + e.getMessage() + "\n" + USAGE);
                System.exit(2);
                return;
            }
        }
        if (args.length > 0 && args[0].equals("--batching-child")) {
            BatchedCalls.child(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    Integer.parseInt(args[4]));
            return;
        }
        if (args.length > 0 && args[0].equals("--cache-child")) {
            CacheEffects.child(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    Integer.parseInt(args[4]), Integer.parseInt(args[5]));
            return;
        }
        if (args.length > 0 && args[0].equals("--caches-only")) {
            // Only the CPU-cache comparison (~1 minute at the defaults), not the whole ~5-minute run.
            Path version = newest(Path.of(args.length > 1 ? args[1] : Home.resolve(DEFAULT_STORE)));
            CacheEffects.compare(version, args.length > 2 ? args[2] : "500", args.length > 3 ? args[3] : "3",
                    args.length > 4 ? args[4] : "5", SETTINGS[2][1], 16);
            return;
        }
        if (args.length > 0 && args[0].equals("--child")) {
            child(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                    Integer.parseInt(args[5]));
            return;
        }
        Path version = newest(Path.of(args.length > 0 ? args[0] : Home.resolve(DEFAULT_STORE)));
        String rows = args.length > 1 ? args[1] : "500";
        String seconds = args.length > 2 ? args[2] : "3";
        String rounds = args.length > 3 ? args[3] : "5";
        System.out.printf("model %s (schema %d), %s rows per call, %s rounds of %s s, %d CPUs%n",
                version.getFileName(), schema(version), rows, rounds, seconds,
                Runtime.getRuntime().availableProcessors());
        RowBuilding.compare(Integer.parseInt(rows));
        System.out.println("inputs: kept = written into tensors kept per predictor (the service), staged = new tensors"
                + " from reused direct buffers, arrays = new tensors from Java arrays; CPU ratios kept/staged,"
                + " kept/arrays");
        System.out.printf("%-38s %4s %9s %8s %9s %8s %9s %8s %7s %7s %22s%n", "TensorFlow threads", "pred",
                "calls/s", "CPU ms", "(staged)", "", "(arrays)", "", "k/s", "k/a", "heap KB/call k (s, a)");
        for (String[] setting : SETTINGS) {
            for (String predictors : List.of("1", "2")) {
                List<String[]> lines = ScoringChildren.run(setting[1], "RESULT", "--child", version.toString(), rows,
                        predictors, seconds, rounds);
                String result = lines.isEmpty() ? "failed" : String.join(" ", lines.get(lines.size() - 1));
                String[] f = result.split(" ");
                if (f.length < 9) {
                    System.out.printf("%-38s %4s %s%n", setting[0], predictors, result);
                    continue;
                }
                System.out.printf("%-38s %4s %9s %8s %9s %8s %9s %8s %7.2f %7.2f %22s%n", setting[0], predictors,
                        f[0], f[1], f[2], f[3], f[4], f[5], Double.parseDouble(f[1]) / Double.parseDouble(f[3]),
                        Double.parseDouble(f[1]) / Double.parseDouble(f[5]), f[6] + " (" + f[7] + ", " + f[8] + ")");
            }
        }
        BatchedCalls.compare(version, rows, seconds, rounds, SETTINGS[2][1]);
        CacheEffects.compare(version, rows, seconds, rounds, SETTINGS[2][1], 16);
    }

    private static final String DEFAULT_STORE = ".streamrank/bench/models";
    static final String USAGE = "Usage: bin/bench-scoring [model-store-root] [rows] [seconds-per-round] [rounds]\n"
            + "       bin/bench-scoring --caches-only [model-store-root] [rows] [seconds-per-round] [rounds]\n"
            + "defaults: " + DEFAULT_STORE + " in the checkout (newest version; bin/bench-ranking trains one) 500 3 5\n"
            + "--caches-only: only the last part, the same rows every call vs different rows vs different"
            + " rows with other work between calls (~1–1.5 minutes)";

    /** First arguments with which this class runs as a child JVM of the benchmark, not from the command line. */
    private static final List<String> CHILDREN = List.of("--batching-child", "--cache-child", "--child");

    /**
     * The arguments are positional: {@code --rows 200} was taken as the model store, found empty. An option other than
     * a leading {@code --caches-only} is refused, and so are rows, seconds and rounds that are not positive integers.
     *
     * @throws IllegalArgumentException naming the argument at fault
     */
    static void checkArguments(String[] args) {
        List<String> p = new ArrayList<>(List.of(args));
        if (!p.isEmpty() && p.get(0).equals("--caches-only")) {
            p.remove(0);
        }
        for (String a : p) {
            if (a.startsWith("--")) {
                throw new IllegalArgumentException("unknown option " + a + " (the arguments are positional)");
            }
        }
        if (p.size() > 4) {
            throw new IllegalArgumentException("too many arguments: " + String.join(" ", p));
        }
        String[] names = {"model-store-root", "rows", "seconds-per-round", "rounds"};
        for (int i = 1; i < p.size(); i++) {
            if (!p.get(i).matches("[1-9]\\d{0,8}")) {
                throw new IllegalArgumentException(names[i] + " wants a positive integer, got " + p.get(i));
            }
        }
    }

    private static Path newest(Path root) throws IOException {
        ModelStore store = new ModelStore(root);
        return store.versionDir(store.newestVersion().orElseThrow(() -> new IOException(
                "no model version in " + root + " (bin/bench-ranking trains one)")));
    }

    /** The model's schema: inputs are built for it as the service does, so a previous-schema model can be timed too. */
    static int schema(Path version) throws IOException {
        return ModelMetadata.read(version.resolve(ModelMetadata.FILE_NAME)).schemaVersion();
    }

    private static void child(Path version, int rows, int predictors, int seconds, int rounds) throws Exception {
        int schema = schema(version);
        Criteria<NDList, NDList> criteria = DjlModelInputs.criteria(version.resolve(ModelStore.SAVED_MODEL_DIR))
                .build();
        ModelInputBatch batch = ScoringChildren.request(new Random(7), rows, 42L);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        ExecutorService pool = Executors.newFixedThreadPool(predictors);
        // Per way (STAGED, ARRAYS, KEPT); rounds alternate so that all see the same machine.
        double[][] rates = new double[WAYS][rounds];
        double[][] cpu = new double[WAYS][rounds];
        double[] heap;
        try (ZooModel<NDList, NDList> model = criteria.loadModel()) {
            for (int way = 0; way < WAYS; way++) {
                runFor(model, batch, schema, pool, predictors, 1, way); // warm-up
            }
            heap = heapPerCall(model, batch, schema);
            for (int r = 0; r < rounds; r++) {
                for (int way = 0; way < WAYS; way++) {
                    long cpu0 = os.getProcessCpuTime();
                    long t0 = System.nanoTime();
                    long calls = runFor(model, batch, schema, pool, predictors, seconds, way);
                    rates[way][r] = calls / ((System.nanoTime() - t0) / 1e9);
                    cpu[way][r] = (os.getProcessCpuTime() - cpu0) / 1e6 / calls;
                }
            }
        } finally {
            pool.shutdownNow();
        }
        for (int way = 0; way < WAYS; way++) {
            Arrays.sort(rates[way]);
            Arrays.sort(cpu[way]);
        }
        int m = rounds / 2;
        System.out.printf("RESULT %.0f %.3f %.0f %.3f %.0f %.3f %.1f %.1f %.1f%n", rates[KEPT][m], cpu[KEPT][m],
                rates[STAGED][m], cpu[STAGED][m], rates[ARRAYS][m], cpu[ARRAYS][m], heap[KEPT], heap[STAGED],
                heap[ARRAYS]);
    }

    /**
     * Java heap allocated per call by the calling thread, per way ({@link #STAGED}, {@link #ARRAYS}, {@link #KEPT}):
     * garbage per request is what sets how often the service's young collections stop every request (ADR 29). Native
     * (TensorFlow) memory is not counted.
     */
    private static double[] heapPerCall(ZooModel<NDList, NDList> model, ModelInputBatch batch, int schema)
            throws TranslateException {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        double[] kb = new double[WAYS];
        int calls = 200;
        DjlModelInputs.Staging staging = new DjlModelInputs.Staging();
        try (Predictor<NDList, NDList> predictor = model.newPredictor();
             KeptInputs kept = new KeptInputs(model.getNDManager(), 4, () -> { }, new TfTensorMemory())) {
            for (int way = 0; way < WAYS; way++) {
                long before = threads.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < calls; i++) {
                    call(model, predictor, batch, schema, staging, kept, way);
                }
                kb[way] = (threads.getCurrentThreadAllocatedBytes() - before) / 1024.0 / calls;
            }
        }
        return kb;
    }

    /** The ways of handing a call its inputs, alternated in rounds: see {@link #call}. */
    private static final int STAGED = 0;
    private static final int ARRAYS = 1;
    private static final int KEPT = 2;
    private static final int WAYS = 3;

    /**
     * One model call over the batch, its inputs staged through reused direct buffers into new tensors ({@code STAGED},
     * the service before ADR 49), created from arrays ({@code ARRAYS}), or written into tensors kept between calls
     * ({@code KEPT}, the service since ADR 49). The scores are read out, as the service does.
     */
    private static float call(ZooModel<NDList, NDList> model, Predictor<NDList, NDList> predictor,
                              ModelInputBatch batch, int schema, DjlModelInputs.Staging staging, KeptInputs kept,
                              int way) throws TranslateException {
        if (way == KEPT) {
            try (NDList out = predictor.predict(kept.tensors(batch, schema))) {
                return DjlModelInputs.scores(out).toFloatArray()[0];
            }
        }
        try (NDManager m = model.getNDManager().newSubManager()) {
            NDList out = predictor.predict(way == STAGED ? DjlModelInputs.tensors(batch, m, schema, staging)
                    : DjlModelInputs.tensors(batch, m, schema));
            return DjlModelInputs.scores(out).toFloatArray()[0];
        }
    }

    private static long runFor(ZooModel<NDList, NDList> model, ModelInputBatch batch, int schema,
                               ExecutorService pool, int predictors, int seconds, int way)
            throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Future<Long>> workers = new ArrayList<>();
        for (int t = 0; t < predictors; t++) {
            workers.add(pool.submit(() -> {
                long n = 0;
                DjlModelInputs.Staging staging = new DjlModelInputs.Staging();
                try (Predictor<NDList, NDList> predictor = model.newPredictor();
                     KeptInputs kept = new KeptInputs(model.getNDManager(), 4, () -> { }, new TfTensorMemory())) {
                    while (System.nanoTime() < end) {
                        call(model, predictor, batch, schema, staging, kept, way);
                        n++;
                    }
                }
                return n;
            }));
        }
        long total = 0;
        for (Future<Long> w : workers) {
            total += w.get();
        }
        return total;
    }
}
