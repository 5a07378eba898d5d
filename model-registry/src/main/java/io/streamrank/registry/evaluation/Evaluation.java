package io.streamrank.registry.evaluation;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.features.RecentItem;
import io.streamrank.contract.features.UserFeatures;
import io.streamrank.contract.registry.ModelRepository;
import io.streamrank.registry.ModelTraining;
import io.streamrank.registry.pairs.FeatureReplay;
import io.streamrank.registry.training.Variant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One evaluation run: trains the three models on the events before the test window, then replays every event in
 * time order, predicting each test interaction from the state just before its instant (the contract's state machines,
 * as in training) with every method, over the full catalog and over sampled negatives.
 */
final class Evaluation {

    private final EvaluationOptions o;
    private final Consumer<String> progress;
    private final Map<Method, MetricSums> full = new EnumMap<>(Method.class);
    private final Map<Method, MetricSums> sampled = new EnumMap<>(Method.class);
    private final FeatureReplay replay = new FeatureReplay();
    private final Catalog catalog = new Catalog();
    private final CoVisitation coVisitation = new CoVisitation();
    private final ServedCoVisitation servedCoVisits = new ServedCoVisitation();
    private final LastHour lastHour = new LastHour();
    private final Random random;
    private final EvaluationResult.Counts counts = new EvaluationResult.Counts();
    private boolean checked;
    private UnitEmbeddings fullEmbeddings;

    Evaluation(EvaluationOptions options, Consumer<String> progress) {
        this.o = options;
        this.progress = progress;
        this.random = new Random(options.train().seed());
        for (Method m : Method.values()) {
            full.put(m, new MetricSums());
            sampled.put(m, new MetricSums());
        }
    }

    EvaluationResult run(List<ClickEvent> events) throws Exception {
        TimeSplit split = TimeSplit.of(events, o.testDays(), o.skipLastDays());
        progress.accept(split.describe());
        Map<Variant, TrainedModel> models = new EnumMap<>(Variant.class);
        Path exports = Files.createTempDirectory("streamrank-eval-");
        try {
            for (Variant v : List.of(Variant.MF, Variant.FULL, Variant.NO_REALTIME)) {
                ModelTraining.Trained t = ModelTraining.train(split.train(), o.train(), v, progress);
                models.put(v, new TrainedModel(v, t, exports.resolve(v.wireName())));
            }
            fullEmbeddings = new UnitEmbeddings(models.get(Variant.FULL).embeddings);
            replay(split, models);
        } finally {
            models.values().forEach(TrainedModel::close);
            ModelRepository.deleteTree(exports);
        }
        return EvaluationResult.of(o, split, counts, full, sampled, models, split.testUsers());
    }

    private void replay(TimeSplit split, Map<Variant, TrainedModel> models) throws Exception {
        List<ClickEvent> all = split.upToEnd();
        long started = System.nanoTime();
        int total = split.testInteractions();
        int from = 0;
        while (from < all.size()) {
            long t = all.get(from).timestamp();
            int to = from;
            while (to < all.size() && all.get(to).timestamp() == t) {
                to++;
            }
            if (t > split.testStart()) {
                Map<Long, Double> hour = lastHour.scores(t, replay);
                for (int i = from; i < to; i++) {
                    ClickEvent e = all.get(i);
                    if (e.type().isInteraction()) {
                        evaluate(e, hour, models);
                        if (++counts.evaluated % 500 == 0) {
                            double rate = counts.evaluated / ((System.nanoTime() - started) / 1e9);
                            progress.accept(String.format(Locale.ROOT,
                                    "evaluated %,d/%,d test interactions (%.0f/s, about %.0f s left)",
                                    counts.evaluated, total, rate, (total - counts.evaluated) / rate));
                        }
                    }
                }
            }
            for (int i = from; i < to; i++) {
                apply(all.get(i));
            }
            from = to;
        }
    }

    private void apply(ClickEvent e) {
        if (e.type().isInteraction()) {
            coVisitation.observe(e.itemId(), replay.user(e.userId(), e.timestamp()).recent());
            catalog.observe(e);
        }
        servedCoVisits.observe(e);
        lastHour.observe(e);
        replay.apply(e);
    }

    private void evaluate(ClickEvent e, Map<Long, Double> hour, Map<Variant, TrainedModel> models) throws Exception {
        long u = e.userId();
        long target = e.itemId();
        long t = e.timestamp();
        UserFeatures user = replay.user(u, t);
        boolean warm = catalog.contains(target);
        counts.count(warm, user.recent().stream().anyMatch(r -> r.itemId() == target));
        // An item never seen before is a miss for every method in both protocols. Scored among sampled negatives, a
        // cold target would rank last for the count-based baselines (no count) but land anywhere for the models (a
        // hashed embedding row of other items): the models' rows would gain hits no method can really make.
        if (!warm) {
            for (Method m : Method.values()) {
                record(m, u, MISS, MISS);
            }
            return;
        }
        long[] candidates = sampledCandidates(target);
        Map<Long, Double> recent = recentScores(user.recent());
        Map<Long, Double> knn = coVisitation.scores(user.recent());
        record(Method.POPULARITY, u, SparseRanking.rank(Map.of(), target, catalog),
                SparseRanking.rankAmong(candidates, Map.of(), catalog));
        record(Method.POPULARITY_1H, u, SparseRanking.rank(hour, target, catalog),
                SparseRanking.rankAmong(candidates, hour, catalog));
        record(Method.RECENT, u, SparseRanking.rank(recent, target, catalog),
                SparseRanking.rankAmong(candidates, recent, catalog));
        record(Method.COVISITATION, u, SparseRanking.rank(knn, target, catalog),
                SparseRanking.rankAmong(candidates, knn, catalog));

        TrainedModel mf = models.get(Variant.MF);
        TrainedModel ablation = models.get(Variant.NO_REALTIME);
        float[] mfServed = mf.scoreServed(u, user, candidates, catalog, replay, t);
        float[] ablationServed = ablation.scoreServed(u, user, candidates, catalog, replay, t);
        if (!checked) {
            check(mf, u, candidates, mfServed);
            check(ablation, u, candidates, ablationServed);
            checked = true;
        }
        record(Method.MF, u, mf.rankCatalog(u, target, catalog), served(mfServed, candidates));
        record(Method.ABLATION, u, ablation.rankCatalog(u, target, catalog), served(ablationServed, candidates));

        TrainedModel fullModel = models.get(Variant.FULL);
        Retrieval.Retrieved found = o.retrieval().candidates(user, t, fullEmbeddings, servedCoVisits, hour, catalog);
        counts.foundBy(found.bySource(), target);
        List<Long> retrieved = found.items();
        long[] fullRank = {0, 0};
        if (retrieved.contains(target)) {
            counts.retrieved++;
            Set<Long> ordered = new LinkedHashSet<>();
            ordered.add(target);
            ordered.addAll(retrieved);
            long[] items = ordered.stream().mapToLong(Long::longValue).toArray();
            fullRank = SparseRanking.rankDense(fullModel.scoreServed(u, user, items, catalog, replay, t), items.length);
        }
        record(Method.FULL, u, fullRank, served(fullModel.scoreServed(u, user, candidates, catalog, replay, t),
                candidates));
    }

    /** The target followed by up to {@code negatives} catalog items drawn uniformly. */
    private long[] sampledCandidates(long target) {
        long[] negatives = catalog.sample(o.sampledNegatives(), target, random);
        long[] out = new long[negatives.length + 1];
        out[0] = target;
        System.arraycopy(negatives, 0, out, 1, negatives.length);
        return out;
    }

    /** The recently-viewed baseline: the user's distinct recent items, the newest scoring highest. */
    private static Map<Long, Double> recentScores(List<RecentItem> recent) {
        Map<Long, Double> out = new HashMap<>();
        for (int p = recent.size() - 1; p >= 0; p--) {
            out.put(recent.get(p).itemId(), (double) (recent.size() - p));
        }
        return out;
    }

    private static long[] served(float[] scores, long[] candidates) {
        return SparseRanking.rankDense(scores, candidates.length);
    }

    /** Not ranked at all: every metric is zero ({@link RankMetrics#of}). */
    private static final long[] MISS = {0, 0};

    private void record(Method m, long user, long[] fullRank, long[] sampledRank) {
        full.get(m).add(user, RankMetrics.of(fullRank[0], fullRank[1]));
        sampled.get(m).add(user, RankMetrics.of(sampledRank[0], sampledRank[1]));
    }

    /** The catalog ranking of embedding-only models must order items exactly as the served SavedModel does. */
    private void check(TrainedModel model, long user, long[] items, float[] served) {
        List<String> bad = new ArrayList<>();
        float base = model.embeddingScore(user, items[0], catalog);
        for (int i = 1; i < items.length; i++) {
            if (!catalog.contains(items[i])) {
                continue;
            }
            double java = model.embeddingScore(user, items[i], catalog) - base;
            double djl = served[i] - served[0];
            if (Math.abs(java - djl) > 1e-3) {
                bad.add(items[i] + ": " + java + " vs " + djl);
            }
        }
        if (!bad.isEmpty()) {
            throw new IllegalStateException(model.variant.wireName()
                    + ": catalog scores disagree with the served model: " + bad);
        }
    }
}
