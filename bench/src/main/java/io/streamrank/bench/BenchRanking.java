package io.streamrank.bench;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.model.ModelMetadata;
import io.streamrank.contract.model.ModelSignature;
import io.streamrank.contract.model.ModelStore;
import io.streamrank.contract.registry.LocalDirectoryStore;
import io.streamrank.contract.registry.ModelRepository;
import io.streamrank.local.LocalStack;
import io.streamrank.registry.TrainOptions;
import io.streamrank.registry.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code bin/bench-ranking}: real data through the real pipeline, then load. Steps: train a model unless the model
 * store's newest one is of the current schema; give it item embeddings if it ships none (synthetic, said so in the
 * report); start the local stack (Kafka, the Flink feature job, Redis under its own prefix) and replay the Taobao time
 * slice through it and load the catalog; then for each JVM option set start the service, measure its first seconds
 * ({@code --cold}), warm up and run the phases ({@link BenchRun}).
 */
public final class BenchRanking {

    private BenchRanking() {
    }

    public static void main(String[] args) {
        BenchOptions o;
        try {
            o = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            // A bad command line: the reason and the usage (in the message), not a stack trace.
            System.err.println("error: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (o == null) {
            return;
        }
        try {
            run(o);
        } catch (Exception | Error e) {
            // Exit non-zero: the local stack's threads would otherwise keep the JVM (and the shell) waiting.
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(BenchOptions o) throws Exception {
        Path data = Path.of(o.get("data"));
        Path models = Path.of(o.get("models"));
        Path work = Path.of(o.get("work"));
        Path train = data.resolve(o.get("train"));
        Path replay = data.resolve(o.get("replay"));
        List<String> report = new ArrayList<>();
        report.add("Streamrank ranking benchmark, " + Instant.now() + ", " + Runtime.getRuntime().availableProcessors()
                + " CPUs (shared with the load generator and the local stack)");

        ModelStore store = new ModelStore(models);
        String whyTrain = whyTrain(store);
        if (whyTrain != null) {
            System.out.println(whyTrain + ": training a model on " + train + " ...");
            Trainer.train(TrainOptions.defaults(List.of(train), models), line -> System.out.println("  " + line));
            report.add("model: trained on " + train + " for this run (" + whyTrain + ")");
        }
        // The version the services will serve (production if the registry has one): its embeddings are the index's.
        String version = new ModelRepository(new LocalDirectoryStore(models)).servingVersion(false).orElseThrow();
        Path embeddings = store.versionDir(version).resolve("item_embeddings.bin");
        String swapTo = SwapVersions.prepare(o, models, train, version);
        String compareModels = o.get("compare-models").trim();
        if (!swapTo.isEmpty() && !compareModels.isEmpty()) {
            // The --compare-jar runs swap within their own store: its serving version, and a "-swap" made there.
            Path compare = Path.of(compareModels);
            SwapVersions.prepare(o, compare, train,
                    new ModelRepository(new LocalDirectoryStore(compare)).servingVersion(false).orElseThrow());
        }

        // Embeddings first, so that no service builds an index while the phases run.
        Map<Long, Long> replayItems = BenchData.itemCategories(replay);
        Path synthetic = embeddings.resolveSibling("item_embeddings.synthetic");
        if (!Files.exists(embeddings) || Files.exists(synthetic)) {
            BenchData.writeSyntheticEmbeddings(embeddings, replayItems, o.integer("embeddings-dim"));
            Files.writeString(synthetic, "written by bin/bench-ranking: not the model's embeddings\n");
            report.add("item embeddings: SYNTHETIC (the model " + version + " ships none): " + replayItems.size()
                    + " items, dim " + o.integer("embeddings-dim") + ", category clusters; the HNSW cost is real, "
                    + "retrieval quality is not measured");
        } else {
            report.add("item embeddings: exported with model " + version);
        }

        int checkpointSeconds = o.integer("stack-checkpoints");
        Path stackModels = SwapVersions.stackModels(o, models, work, version);
        try (LocalStack stack = LocalStack.start(new LocalStack.Options(o.integer("stack-port"), stackModels, train,
                replay, 0, o.get("redis-prefix"), Path.of(o.get("service-jar")), Path.of(o.get("natives")), work,
                Duration.ofSeconds(checkpointSeconds), Boolean.parseBoolean(o.get("redis-cluster"))),
                System.out::println)) {
            List<ClickEvent> events = stack.replayed();
            Map<Long, Long> categories = BenchData.itemCategories(events);
            report.add(String.format("data: %,d events replayed through Kafka and the Flink feature job into Redis "
                    + "(%sprefix %s), %,d items, %,d users; model %s", events.size(),
                    stack.redisCluster() ? "a local three-master Redis Cluster, " : "", o.get("redis-prefix"),
                    categories.size(), BenchData.users(events).size(), version));
            report.add("pages: " + (o.get("pages").equals("home") ? "home pages only (--pages home)"
                    : "mixed (--pages mixed): of every 8 requests 5 home, 2 product (contextItemId), 1 category "
                    + "(categoryId) pages"));
            report.add("feature job checkpoints while measuring: " + (checkpointSeconds == 0
                    ? "none (--stack-checkpoints 0; production runs the job on other nodes)"
                    : "every " + checkpointSeconds + " s, on the same two cores (--stack-checkpoints)"));

            // Through the stack's own service, before any service under test starts: its start-up warm-up (ADR 53)
            // then ranks with the catalog in Redis, as a pod does.
            for (String batch : BenchData.catalogBatches(categories, System.currentTimeMillis())) {
                ServiceProcess.put(stack.baseUrl(), stack.writeToken(), "/v1/catalog/items", batch);
            }
            if (o.integer("paired") > 0) {
                report.addAll(paired(o, stack, events, work).execute());
            } else {
                runs(o, stack, events, work, report, swapTo);
            }
        }
        finish(report, work);
    }

    /** Two builds under one JVM option set, or one build under two. */
    private static PairedRun paired(BenchOptions o, LocalStack stack, List<ClickEvent> events, Path work) {
        List<Path> jars = o.jars();
        List<List<String>> jvm = o.jvmRuns();
        if (jvm.stream().anyMatch(DamonSetting::requested)) {
            throw new IllegalArgumentException(String.join(" and ", DamonSetting.TOKENS) + " change DAMON for the "
                    + "whole machine: they compare whole runs (--repeat), not the two services of --paired");
        }
        if (jars.size() == 2 && jvm.size() == 1) {
            return new PairedRun(o, stack, BenchData.users(events), new PairedRun.Side(jars.get(1), jvm.get(0)),
                    new PairedRun.Side(jars.get(0), jvm.get(0)), work);
        }
        if (jars.size() == 1 && jvm.size() == 2) {
            return new PairedRun(o, stack, BenchData.users(events), new PairedRun.Side(jars.get(0), jvm.get(0)),
                    new PairedRun.Side(jars.get(0), jvm.get(1)), work);
        }
        throw new IllegalArgumentException("--paired compares two services: give --compare-jar or two --jvm sets "
                + "(\"a|b\"), not both");
    }

    /** Every JVM option set × jar × candidate count, {@code --repeat} times, interleaved. */
    private static void runs(BenchOptions o, LocalStack stack, List<ClickEvent> events, Path work,
                             List<String> report, String swapTo) throws Exception {
        Map<String, List<BenchRun.Figures>> byJvm = new LinkedHashMap<>();
        List<Setup> setups = new ArrayList<>();
        for (List<String> jvm : o.jvmRuns()) {
            for (Path jar : o.jars()) {
                for (int candidates : o.candidateCounts()) {
                    setups.add(new Setup(jvm, jar, candidates));
                }
            }
        }
        // Repeats are interleaved so that drifting load on the shared machine hits every set alike, and every other
        // repeat runs them in reverse (A B, B A, A B ...): the first whole run of a bench measured 12-30 % less no-op
        // and ranking throughput than the one after it, whichever build it was (5 of 5 pairs on 2026-12-05).
        for (int repeat = 1; repeat <= o.integer("repeat"); repeat++) {
            List<Setup> order = new ArrayList<>(setups);
            if (repeat % 2 == 0) {
                Collections.reverse(order);
            }
            for (Setup s : order) {
                String label = (s.jvm().isEmpty() ? "default JVM options" : String.join(" ", s.jvm()))
                        + (o.jars().size() > 1 ? ", jar " + s.jar() : "")
                        + (o.candidateCounts().size() > 1 ? ", " + s.candidates() + " candidates" : "");
                BenchRun run = new BenchRun(o, stack, BenchData.users(events), s.jvm(), s.jar(), label, work,
                        s.candidates(), swapTo);
                report.addAll(run.execute());
                byJvm.computeIfAbsent(label, k -> new ArrayList<>()).add(run.figures());
            }
        }
        if (o.integer("repeat") > 1 || o.jars().size() > 1 || o.candidateCounts().size() > 1) {
            report.addAll(Report.medians(byJvm));
        }
    }

    /** One service set-up a whole run measures. */
    private record Setup(List<String> jvm, Path jar, int candidates) {
    }

    /** Writes the report, prints it and exits (the local stack's threads would keep the JVM alive). */
    private static void finish(List<String> report, Path work) throws IOException {
        Files.createDirectories(work);
        Path file = work.resolve("bench-ranking-" + Instant.now().toString().replace(':', '-') + ".txt");
        Files.write(file, report);
        System.out.println();
        report.forEach(System.out::println);
        System.out.println("\n(report written to " + file + ")");
        System.exit(0);
    }

    /**
     * Why the store needs a new model, or {@code null}. A model of an older schema would still be served, but the
     * bench must measure the service as it runs with a current model, not its compatibility path.
     */
    private static String whyTrain(ModelStore store) throws IOException {
        Optional<String> newest = store.newestVersion();
        if (newest.isEmpty()) {
            return "the model store " + store.root() + " has no model";
        }
        int schema = ModelMetadata.read(store.metadataFile(newest.get())).schemaVersion();
        if (schema != ModelSignature.SCHEMA_VERSION) {
            return "the newest model " + newest.get() + " is of schema " + schema + ", not the current "
                    + ModelSignature.SCHEMA_VERSION;
        }
        return null;
    }
}
