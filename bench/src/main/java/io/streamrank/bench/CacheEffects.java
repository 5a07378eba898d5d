package io.streamrank.bench;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import io.streamrank.contract.model.DjlModelInputs;
import io.streamrank.contract.model.KeptInputs;
import io.streamrank.contract.model.ModelInputBatch;
import io.streamrank.contract.model.ModelStore;
import io.streamrank.contract.model.TfTensorMemory;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;

/**
 * The part of {@code bin/bench-scoring} that asks why a model call costs about three times as much in the service as
 * alone (docs/toolchain.md): the same call with the same rows every time (what the rest of the benchmark times),
 * with different rows every call (another user and 500 other items, as in the service), and with different rows
 * while other work runs between the calls: the service parses HTTP, searches the HNSW graph and reads its caches
 * between two model calls of a thread, which evicts TensorFlow's code and tables from the CPU caches. That work is
 * stood in for by reading and writing {@code --between} MiB of memory, whose CPU is not counted: each way's figure
 * is the CPU of the calls alone (thread CPU time around each call).
 */
final class CacheEffects {

    /** Distinct requests cycled through in the "different rows" ways: 256 × 500 rows cover most of the tables. */
    private static final int REQUESTS = 256;
    private static final String[] NAMES = {"same rows every call", "different rows every call",
        "different rows, other work between calls", "... and a 1 ms sleep between calls",
        "... and the other core busy alike"};

    /** Keeps results observable, so that neither a call nor the work between calls can be optimised away. */
    private static volatile long blackhole;

    private CacheEffects() {
    }

    /** Runs the child with the service's TensorFlow settings and prints CPU per call of each way, as ratios to the first. */
    static void compare(Path version, String rows, String seconds, String rounds, String threadFlags, int betweenMiB)
            throws Exception {
        List<String[]> results = ScoringChildren.run(threadFlags, "CACHE", "--cache-child", version.toString(),
                rows, seconds, rounds, Integer.toString(betweenMiB));
        System.out.printf("%nthe CPU caches: one call of %s rows (ops in the caller's thread, 1 predictor, kept inputs,"
                + " rounds alternating; other work = %d MiB read and written between calls, not counted):%n"
                + "%-44s %16s %12s %18s %12s%n", rows, betweenMiB, "rows", "thread CPU ms", "ratio",
                "process CPU ms", "ratio");
        if (results.isEmpty()) {
            System.out.println("failed");
        }
        for (String[] f : results) {
            int way = Integer.parseInt(f[0]);
            System.out.printf("%-44s %16s %12.2f %18s %12.2f%n", NAMES[way], f[1],
                    Double.parseDouble(f[1]) / Double.parseDouble(results.get(0)[1]), f[2],
                    Double.parseDouble(f[2]) / Double.parseDouble(results.get(0)[2]));
        }
    }

    static void child(Path version, int rows, int seconds, int rounds, int betweenMiB) throws Exception {
        int schema = BenchScoring.schema(version);
        Criteria<NDList, NDList> criteria = DjlModelInputs.criteria(version.resolve(ModelStore.SAVED_MODEL_DIR))
                .build();
        List<ModelInputBatch> requests = requests(rows);
        long[] other = new long[Math.max(1, betweenMiB) * 131_072]; // 8 bytes each
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        double[][] cpu = new double[NAMES.length][rounds];
        double[][] processCpu = new double[NAMES.length][rounds];
        try (ZooModel<NDList, NDList> model = criteria.loadModel();
             Predictor<NDList, NDList> predictor = model.newPredictor();
             KeptInputs kept = new KeptInputs(model.getNDManager(), 4, () -> { }, new TfTensorMemory())) {
            for (int way = 0; way < NAMES.length; way++) {
                callsFor(predictor, kept, requests, schema, 1, way, other, threads); // warm-up
            }
            for (int r = 0; r < rounds; r++) {
                for (int way = 0; way < NAMES.length; way++) {
                    Thread neighbour = way == 4 ? neighbour(model, requests, schema, seconds, betweenMiB) : null;
                    double[] c = callsFor(predictor, kept, requests, schema, seconds, way, other, threads);
                    if (neighbour != null) {
                        neighbour.join();
                    }
                    cpu[way][r] = c[0];
                    processCpu[way][r] = c[1];
                }
            }
        }
        for (int way = 0; way < NAMES.length; way++) {
            Arrays.sort(cpu[way]);
            Arrays.sort(processCpu[way]);
            System.out.printf("CACHE %d %.3f %.3f%n", way, cpu[way][rounds / 2], processCpu[way][rounds / 2]);
        }
    }

    /** A second thread making the way-3 calls on its own predictor for {@code seconds}: the other core's load. */
    private static Thread neighbour(ZooModel<NDList, NDList> model, List<ModelInputBatch> requests, int schema,
                                    int seconds, int betweenMiB) {
        Thread t = new Thread(() -> {
            var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            try (Predictor<NDList, NDList> predictor = model.newPredictor();
                 KeptInputs kept = new KeptInputs(model.getNDManager(), 4, () -> { }, new TfTensorMemory())) {
                callsFor(predictor, kept, requests, schema, seconds, 3, new long[Math.max(1, betweenMiB) * 131_072],
                        threads);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "neighbour");
        t.start();
        return t;
    }

    /** Requests of different users over different items. */
    private static List<ModelInputBatch> requests(int rows) {
        Random random = new Random(13);
        List<ModelInputBatch> requests = new ArrayList<>();
        for (int q = 0; q < REQUESTS; q++) {
            requests.add(ScoringChildren.request(random, rows, 1_000L + q));
        }
        return requests;
    }

    /**
     * Calls for {@code seconds}; returns the calling thread's CPU per call and the process's (TensorFlow threads, GC),
     * both counted around the calls only.
     */
    private static double[] callsFor(Predictor<NDList, NDList> predictor, KeptInputs kept,
                                   List<ModelInputBatch> requests, int schema, int seconds, int way, long[] other,
                                   com.sun.management.ThreadMXBean threads) throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long calls = 0;
        long cpu = 0;
        long processCpu = 0;
        long sink = 0;
        while (System.nanoTime() < end) {
            ModelInputBatch rows = requests.get(way == 0 ? 0 : (int) (calls % REQUESTS));
            if (way >= 2) {
                sink += touch(other, calls);
            }
            if (way >= 3) {
                // A request thread waits for Redis between its calls: the core runs something else meanwhile.
                LockSupport.parkNanos(1_000_000);
            }
            long c0 = threads.getCurrentThreadCpuTime();
            long p0 = os.getProcessCpuTime();
            try (NDList out = predictor.predict(kept.tensors(rows, schema))) {
                sink += Float.floatToRawIntBits(DjlModelInputs.scores(out).toFloatArray()[0]);
            }
            cpu += threads.getCurrentThreadCpuTime() - c0;
            processCpu += os.getProcessCpuTime() - p0;
            calls++;
        }
        blackhole = sink;
        return new double[] {cpu / 1e6 / Math.max(1, calls), processCpu / 1e6 / Math.max(1, calls)};
    }

    /** Reads and writes every cache line of {@code other}, as other work between two calls would. */
    private static long touch(long[] other, long salt) {
        long sum = 0;
        for (int i = 0; i < other.length; i += 8) {
            sum += other[i];
            other[i] = sum ^ salt;
        }
        return sum;
    }
}
