package io.streamrank.registry.evaluation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.streamrank.registry.training.Variant;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The numbers of one evaluation run, as a markdown report and as JSON. */
final class EvaluationResult {

    /** What the test interactions were like: the ceilings every method runs into. */
    static final class Counts {
        int evaluated;
        int inCatalog;
        int repeats;
        int retrieved;
        /** Test targets each retrieval source returned ({@link Retrieval#SOURCES}); one may be found by several. */
        final int[] foundBy = new int[Retrieval.SOURCES.size()];

        void count(boolean known, boolean repeat) {
            inCatalog += known ? 1 : 0;
            repeats += repeat ? 1 : 0;
        }

        void foundBy(List<List<Long>> bySource, long target) {
            for (int i = 0; i < foundBy.length; i++) {
                foundBy[i] += bySource.get(i).contains(target) ? 1 : 0;
            }
        }

        /** "session 9.1 %, co-visitation 4.0 %, …": the share of test targets each source returned. */
        String bySource() {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < foundBy.length; i++) {
                sb.append(i == 0 ? "" : ", ").append(Retrieval.SOURCES.get(i))
                        .append(String.format(Locale.ROOT, " %.1f %%", 100 * ratio(foundBy[i], evaluated)));
            }
            return sb.toString();
        }
    }

    private final Map<String, Object> json = new LinkedHashMap<>();
    private final StringBuilder md = new StringBuilder();

    private EvaluationResult() {
    }

    static EvaluationResult of(EvaluationOptions o, TimeSplit split, Counts c, Map<Method, MetricSums> full,
                               Map<Method, MetricSums> sampled, Map<Variant, TrainedModel> models, long[] users) {
        EvaluationResult r = new EvaluationResult();
        long seed = o.train().seed();
        Map<Method, double[][]> f = new LinkedHashMap<>();
        Map<Method, double[][]> s = new LinkedHashMap<>();
        for (Method m : Method.values()) {
            f.put(m, full.get(m).summary(users, o.bootstrap(), seed));
            s.put(m, sampled.get(m).summary(users, o.bootstrap(), seed));
        }
        r.json.put("events", o.events().stream().map(Path::toString).toList());
        r.json.put("trainFrom", Instant.ofEpochMilli(split.events().get(0).timestamp()).toString());
        r.json.put("testStart", Instant.ofEpochMilli(split.testStart()).toString());
        r.json.put("testEnd", Instant.ofEpochMilli(split.end()).toString());
        r.json.put("trainEvents", split.train().size());
        r.json.put("testInteractions", c.evaluated);
        r.json.put("testUsers", users.length);
        r.json.put("targetInCatalog", ratio(c.inCatalog, c.evaluated));
        r.json.put("targetInUsersRecentItems", ratio(c.repeats, c.evaluated));
        r.json.put("fullModelRetrievalRecall", ratio(c.retrieved, c.evaluated));
        Map<String, Double> bySource = new LinkedHashMap<>();
        for (int i = 0; i < c.foundBy.length; i++) {
            bySource.put(Retrieval.SOURCES.get(i), ratio(c.foundBy[i], c.evaluated));
        }
        r.json.put("retrievalRecallBySource", bySource);
        r.json.put("sampledNegatives", o.sampledNegatives());
        r.json.put("bootstrapResamples", o.bootstrap());
        Map<String, Object> training = new LinkedHashMap<>();
        models.forEach((v, m) -> training.put(v.wireName(), Map.of("hyperParameters", m.trained.result().hp().asMap(),
                "metrics", m.metrics())));
        r.json.put("training", training);
        r.json.put("fullCatalog", table(f));
        r.json.put("sampled", table(s));
        Verdict verdict = Verdict.of(f);
        double[] paired = full.get(Method.FULL).difference(full.get(verdict.bestRequired()), 1, users,
                o.bootstrap(), seed);
        double[] pairedAny = full.get(Method.FULL).difference(full.get(verdict.bestAny()), 1, users,
                o.bootstrap(), seed);
        Map<String, Object> v = verdict.asMap();
        v.put("pairedDifferenceVsBestRequired", Map.of("mean", paired[0], "ciLow", paired[1], "ciHigh", paired[2]));
        v.put("pairedDifferenceVsBestIncludingExtra", Map.of("mean", pairedAny[0], "ciLow", pairedAny[1],
                "ciHigh", pairedAny[2]));
        r.json.put("verdict", v);

        r.md.append("## Offline evaluation\n\n").append(split.describe()).append("\n\n");
        r.md.append(String.format(Locale.ROOT, "Test targets already in the catalog: %.1f %%; in the user's own recent "
                        + "items: %.1f %%; retrieved for the full model: %.1f %% (by source, before the cap: %s).%n%n",
                100 * ratio(c.inCatalog, c.evaluated), 100 * ratio(c.repeats, c.evaluated),
                100 * ratio(c.retrieved, c.evaluated), c.bySource()));
        r.md.append("### Full catalog (retrieval + ranking as served)\n\n");
        markdown(r.md, f);
        r.md.append("\n### ").append(o.sampledNegatives()).append(" sampled negatives\n\n");
        markdown(r.md, s);
        r.md.append('\n').append(verdict.sentence()).append('\n');
        r.md.append(String.format(Locale.ROOT, "Paired bootstrap of the difference (same user resamples): full model "
                + "minus %s %+.4f [%+.4f, %+.4f]", verdict.bestRequired().label, paired[0], paired[1], paired[2]));
        if (verdict.bestAny() != verdict.bestRequired()) {
            r.md.append(String.format(Locale.ROOT, "; minus %s %+.4f [%+.4f, %+.4f]", verdict.bestAny().label,
                    pairedAny[0], pairedAny[1], pairedAny[2]));
        }
        r.md.append(".\n");
        return r;
    }

    String markdown() {
        return md.toString();
    }

    void writeJson(Path file) throws IOException {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
    }

    Map<String, Object> json() {
        return json;
    }

    private static Map<String, Object> table(Map<Method, double[][]> t) {
        Map<String, Object> out = new LinkedHashMap<>();
        t.forEach((m, v) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 0; i < RankMetrics.COUNT; i++) {
                row.put(RankMetrics.NAMES[i], Map.of("mean", v[i][0], "ciLow", v[i][1], "ciHigh", v[i][2]));
            }
            out.put(m.label, row);
        });
        return out;
    }

    private static void markdown(StringBuilder sb, Map<Method, double[][]> t) {
        sb.append("| method |");
        for (String n : RankMetrics.NAMES) {
            sb.append(' ').append(n).append(" |");
        }
        sb.append("\n|---|");
        sb.append("---|".repeat(RankMetrics.COUNT)).append('\n');
        t.forEach((m, v) -> {
            sb.append("| ").append(m.label).append(" |");
            for (int i = 0; i < RankMetrics.COUNT; i++) {
                sb.append(String.format(Locale.ROOT, " %.4f [%.4f, %.4f] |", v[i][0], v[i][1], v[i][2]));
            }
            sb.append('\n');
        });
    }

    static double ratio(int a, int b) {
        return b == 0 ? 0 : (double) a / b;
    }

    /** Whether the full model beats the best baseline on NDCG@10 (full catalog) with non-overlapping intervals. */
    record Verdict(Method bestRequired, double[] best, Method bestAny, double[] bestOverall, double[] fullModel) {

        static Verdict of(Map<Method, double[][]> f) {
            Method req = null;
            Method any = null;
            for (Method m : Method.values()) {
                if (m.isRequiredBaseline() && (req == null || f.get(m)[1][0] > f.get(req)[1][0])) {
                    req = m;
                }
                if (m.isBaseline() && (any == null || f.get(m)[1][0] > f.get(any)[1][0])) {
                    any = m;
                }
            }
            return new Verdict(req, f.get(req)[1], any, f.get(any)[1], f.get(Method.FULL)[1]);
        }

        boolean beats(double[] baseline) {
            return fullModel[1] > baseline[2];
        }

        Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("metric", "NDCG@10, full catalog");
            m.put("bestRequiredBaseline", bestRequired.label);
            m.put("beatsBestRequiredBaselineWithNonOverlappingCI", beats(best));
            m.put("bestBaselineIncludingExtra", bestAny.label);
            m.put("beatsBestBaselineIncludingExtraWithNonOverlappingCI", beats(bestOverall));
            return m;
        }

        String sentence() {
            List<String> parts = new ArrayList<>();
            parts.add(String.format(Locale.ROOT, "NDCG@10 (full catalog): full model %.4f [%.4f, %.4f] vs best "
                            + "required baseline (%s) %.4f [%.4f, %.4f]: %s", fullModel[0], fullModel[1],
                    fullModel[2], bestRequired.label, best[0], best[1], best[2],
                    beats(best) ? "better, intervals do not overlap" : "NOT better with non-overlapping intervals"));
            if (bestAny != bestRequired) {
                parts.add(String.format(Locale.ROOT, "vs %s %.4f [%.4f, %.4f]: %s", bestAny.label, bestOverall[0],
                        bestOverall[1], bestOverall[2], beats(bestOverall) ? "better, intervals do not overlap"
                                : "NOT better with non-overlapping intervals"));
            }
            return String.join("; ", parts) + ".";
        }
    }
}
