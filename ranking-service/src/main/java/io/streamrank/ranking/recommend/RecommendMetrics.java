package io.streamrank.ranking.recommend;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The recommendation meters: latency per stage (one sample per request and stage, the stage's time summed over the
 * request), requests by outcome, scored requests by model version, and ranked candidates by category fallback. Names
 * are listed in docs/api.md.
 */
@Component
class RecommendMetrics {

    enum Stage { RETRIEVE, FEATURES, SCORE, RULES, TOTAL }

    enum Outcome { OK, DEGRADED_REDIS, DEGRADED_MODEL, OVERLOADED }

    private final MeterRegistry meters;
    private final Map<Stage, Timer> stages = new EnumMap<>(Stage.class);
    private final Map<Outcome, Counter> outcomes = new EnumMap<>(Outcome.class);
    /** Versions with a scored counter: serving, canary and shadow, and a few retired ones for the dashboards. */
    static final int KEPT_VERSIONS = 8;

    private final Map<String, Counter> byModel = new ConcurrentHashMap<>();
    /** The versions of {@link #byModel}, oldest first; changed under this object's lock. */
    private final Deque<String> versions = new ArrayDeque<>();
    private final DistributionSummary redisRounds;
    private final Map<CategorySource, Counter> categoryFallbacks = new EnumMap<>(CategorySource.class);

    RecommendMetrics(MeterRegistry meters) {
        this.meters = meters;
        for (Stage s : Stage.values()) {
            stages.put(s, Timer.builder("streamrank.recommend.latency")
                    .description("Recommendation latency by stage")
                    .tag("stage", s.name().toLowerCase(java.util.Locale.ROOT))
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1).dividedBy(100))
                    .maximumExpectedValue(Duration.ofSeconds(10))
                    .register(meters));
        }
        redisRounds = DistributionSummary.builder("streamrank.recommend.redis.rounds")
                .description("Redis round trips one recommendation needed (reads only; 1 when the shared caches hold"
                        + " every retrieval list and item value)")
                .serviceLevelObjectives(1, 2, 3)
                .register(meters);
        for (CategorySource source : new CategorySource[] {CategorySource.CATALOG, CategorySource.MODEL,
                CategorySource.UNKNOWN}) {
            // Registered up front, at 0: a rate over a series that appears only with its first fallback misses it.
            categoryFallbacks.put(source, Counter.builder("streamrank.category.fallbacks")
                    .description("Ranked candidates without fresh live item features, by where their category came "
                            + "from: the catalog, the serving model version's training category, or none (0)")
                    .tag("source", source.label())
                    .register(meters));
        }
        for (Outcome o : Outcome.values()) {
            outcomes.put(o, Counter.builder("streamrank.recommend.requests")
                    .description("Recommendation requests by outcome")
                    .tag("outcome", o.name().toLowerCase(java.util.Locale.ROOT))
                    .register(meters));
        }
    }

    void outcome(Outcome o) {
        outcomes.get(o).increment();
    }

    void redisRounds(int rounds) {
        redisRounds.record(rounds);
    }

    void scoredBy(String modelVersion) {
        Counter c = byModel.get(modelVersion);
        if (c == null) {
            c = firstScoredBy(modelVersion);
        }
        c.increment();
    }

    /**
     * A version's counter, registered at its first answer. Only the {@link #KEPT_VERSIONS} newest are kept: a pod that
     * swaps in a version each night (and canaries between) had kept one series per version for its whole life, so its
     * scrape grew without bound. The oldest is removed when a newer one arrives; one still scoring (a production
     * version outliving eight canaries) is registered again, from 0, which {@code rate()} reads as a counter reset.
     */
    private synchronized Counter firstScoredBy(String modelVersion) {
        Counter c = byModel.get(modelVersion);
        if (c != null) {
            return c;
        }
        c = Counter.builder("streamrank.recommend.scored")
                .description("Requests answered with model scores, by model version (the newest "
                        + KEPT_VERSIONS + " versions this pod scored with)")
                .tag("model_version", modelVersion).register(meters);
        byModel.put(modelVersion, c);
        versions.addLast(modelVersion);
        while (versions.size() > KEPT_VERSIONS) {
            Counter gone = byModel.remove(versions.removeFirst());
            if (gone != null) {
                meters.remove(gone);
            }
        }
        return c;
    }

    /**
     * One request's meters: accumulates its time per stage ({@link #record()} publishes one sample per stage used) and
     * records its outcome, model version and Redis rounds; a warm-up request ({@code counted} false) records nothing.
     */
    final class Stages {

        private final long[] nanos = new long[Stage.values().length];
        private final long start = System.nanoTime();
        private final boolean counted;
        private long mark;

        private Stages(boolean counted) {
            this.counted = counted;
        }

        void begin() {
            mark = System.nanoTime();
        }

        void end(Stage stage) {
            nanos[stage.ordinal()] += System.nanoTime() - mark;
        }

        void outcome(Outcome o) {
            if (counted) {
                RecommendMetrics.this.outcome(o);
            }
        }

        void scoredBy(String modelVersion) {
            if (counted) {
                RecommendMetrics.this.scoredBy(modelVersion);
            }
        }

        void redisRounds(int rounds) {
            if (counted) {
                RecommendMetrics.this.redisRounds(rounds);
            }
        }

        /** Counts the request's candidates by category fallback: three adds per request, not one per candidate. */
        void categoryFallbacks(RankingInput input) {
            if (counted) {
                add(CategorySource.CATALOG, input.categoriesFromCatalog());
                add(CategorySource.MODEL, input.categoriesFromModel());
                add(CategorySource.UNKNOWN, input.categoriesUnknown());
            }
        }

        private void add(CategorySource source, int candidates) {
            if (candidates > 0) {
                categoryFallbacks.get(source).increment(candidates);
            }
        }

        void record() {
            if (!counted) {
                return;
            }
            nanos[Stage.TOTAL.ordinal()] = System.nanoTime() - start;
            for (Stage s : Stage.values()) {
                if (nanos[s.ordinal()] > 0) {
                    stages.get(s).record(Duration.ofNanos(nanos[s.ordinal()]));
                }
            }
        }
    }

    /** @param counted false for a warm-up request, which leaves no trace in the meters */
    Stages stages(boolean counted) {
        return new Stages(counted);
    }
}
