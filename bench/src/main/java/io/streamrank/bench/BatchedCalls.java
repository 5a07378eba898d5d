package io.streamrank.bench;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import io.streamrank.contract.model.DjlModelInputs;
import io.streamrank.contract.model.ModelInputBatch;
import io.streamrank.contract.model.ModelStore;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The part of {@code bin/bench-scoring} that times the service's dynamic batching (ADR 28): model calls of 1, 2 and 4
 * requests of the same size, concatenated and split as the service does, in alternating rounds in one child JVM.
 */
final class BatchedCalls {

    /** Keeps the scores observable, so that no part of a call can be optimised away. */
    private static volatile float blackhole;

    private BatchedCalls() {
    }

    /**
     * Runs the child with the service's TensorFlow settings ({@code threadFlags}: ops in the caller's thread, one
     * thread per op) and prints requests/s and CPU per request for 1, 2 and 4 requests per call, with the ratio to 1.
     */
    static void compare(Path version, String rows, String seconds, String rounds, String threadFlags)
            throws Exception {
        List<String[]> results = ScoringChildren.run(threadFlags, "BATCHING", "--batching-child",
                version.toString(), rows, seconds, rounds);
        System.out.printf("%nrequests of %s rows scored together (ops in the caller's thread, 1 predictor, rounds "
                + "alternating):%n%-22s %14s %18s %12s%n", rows, "requests/call", "requests/s", "CPU ms/request",
                "CPU ratio");
        if (results.isEmpty()) {
            System.out.println("failed");
        }
        for (String[] f : results) {
            System.out.printf("%-22s %14s %18s %12.2f%n", f[0], f[1], f[2],
                    Double.parseDouble(f[2]) / Double.parseDouble(results.get(0)[2]));
        }
    }

    static void child(Path version, int rows, int seconds, int rounds) throws Exception {
        int schema = BenchScoring.schema(version);
        Criteria<NDList, NDList> criteria = DjlModelInputs.criteria(version.resolve(ModelStore.SAVED_MODEL_DIR))
                .build();
        Random random = new Random(11);
        List<ModelInputBatch> requests = new ArrayList<>();
        for (int q = 0; q < 4; q++) {
            requests.add(ScoringChildren.request(random, rows, 42L + q));
        }
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        int[] perCall = {1, 2, 4};
        double[][] rates = new double[perCall.length][rounds];
        double[][] cpu = new double[perCall.length][rounds];
        DjlModelInputs.Staging staging = new DjlModelInputs.Staging();
        try (ZooModel<NDList, NDList> model = criteria.loadModel();
             Predictor<NDList, NDList> predictor = model.newPredictor()) {
            for (int k : perCall) {
                callsFor(model, predictor, staging, requests.subList(0, k), schema, 1); // warm-up
            }
            for (int r = 0; r < rounds; r++) {
                for (int w = 0; w < perCall.length; w++) {
                    long cpu0 = os.getProcessCpuTime();
                    long t0 = System.nanoTime();
                    long scored = perCall[w] * callsFor(model, predictor, staging,
                            requests.subList(0, perCall[w]), schema, seconds);
                    rates[w][r] = scored / ((System.nanoTime() - t0) / 1e9);
                    cpu[w][r] = (os.getProcessCpuTime() - cpu0) / 1e6 / scored;
                }
            }
        }
        for (int w = 0; w < perCall.length; w++) {
            Arrays.sort(rates[w]);
            Arrays.sort(cpu[w]);
            System.out.printf("BATCHING %d %.0f %.3f%n", perCall[w], rates[w][rounds / 2], cpu[w][rounds / 2]);
        }
    }

    /** Model calls for {@code requests} together, as the service makes them (concatenated, scores split). */
    private static long callsFor(ZooModel<NDList, NDList> model, Predictor<NDList, NDList> predictor,
                                 DjlModelInputs.Staging staging, List<ModelInputBatch> requests, int schema,
                                 int seconds) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long calls = 0;
        float sink = 0;
        while (System.nanoTime() < end) {
            ModelInputBatch rows = ModelInputBatch.concat(requests);
            try (NDManager m = model.getNDManager().newSubManager()) {
                float[] scores = DjlModelInputs.scores(predictor.predict(DjlModelInputs.tensors(rows, m, schema,
                        staging))).toFloatArray();
                int from = 0;
                for (ModelInputBatch q : requests) {
                    float[] own = requests.size() == 1 ? scores : Arrays.copyOfRange(scores, from, from + q.size());
                    from += q.size();
                    sink += own[0];
                }
            }
            calls++;
        }
        blackhole = sink;
        return calls;
    }
}
