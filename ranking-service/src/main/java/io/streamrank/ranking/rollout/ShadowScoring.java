package io.streamrank.ranking.rollout;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.streamrank.contract.model.ModelInputBatch;
import io.streamrank.ranking.RankingProperties;
import io.streamrank.ranking.model.ModelScorer;
import io.streamrank.ranking.model.Role;
import io.streamrank.ranking.model.ScoringException;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Scores a sample of requests' model rows with the registry's shadow version after the request has its answer, on one
 * thread of its own with a bounded queue (full: the sample is dropped and counted; so is a sample whose turn comes after
 * the shadow version was retired), and records how far the shadow's
 * ranking of the same candidates agrees with the served one: the share of the served model's top k that the shadow
 * also puts in its top k (before business rules, which do not depend on the model). The shadow never answers and
 * never delays an answer (ADR 55).
 */
@Component
public class ShadowScoring {

    private final ModelScorer scorer;
    private final int sampleBuckets;
    private final int k;
    private final ThreadPoolExecutor worker;
    private final Counter scored;
    private final Counter failed;
    private final Counter dropped;
    private final Timer latency;
    private final DistributionSummary overlap;

    ShadowScoring(ModelScorer scorer, RankingProperties properties, MeterRegistry meters) {
        this.scorer = scorer;
        this.sampleBuckets = properties.rollout().shadowBuckets();
        this.k = properties.ranking().defaultK();
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(properties.rollout().shadowQueue()), r -> {
                    Thread t = new Thread(r, "shadow-scoring");
                    t.setDaemon(true);
                    return t;
                });
        String requests = "streamrank.rollout.shadow.requests";
        String description = "Requests sampled for the shadow model version, by what became of them";
        this.scored = Counter.builder(requests).tag("outcome", "scored").description(description).register(meters);
        this.failed = Counter.builder(requests).tag("outcome", "failed").description(description).register(meters);
        this.dropped = Counter.builder(requests).tag("outcome", "dropped").description(description).register(meters);
        this.latency = Timer.builder("streamrank.rollout.shadow.latency")
                .description("Time of one shadow model call (on the shadow's own thread, after the answer)")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(2))
                .register(meters);
        this.overlap = DistributionSummary.builder("streamrank.rollout.shadow.overlap")
                .description("Share of the served model's top k candidates that the shadow version also ranks in its"
                        + " top k (1: same items)")
                .serviceLevelObjectives(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
                .register(meters);
    }

    /** Whether this request's rows should also go to the shadow version: one is loaded and the request was drawn. */
    public boolean draws() {
        return sampleBuckets > 0 && scorer.version(Role.SHADOW).isPresent()
                && ThreadLocalRandom.current().nextInt(CanaryCohort.BUCKETS) < sampleBuckets;
    }

    /**
     * Hands the rows to the shadow's thread, which owns them from now on (the caller must not reuse the batch).
     *
     * @param served the served version's scores of the same rows
     */
    public void submit(ModelInputBatch rows, float[] served) {
        try {
            worker.execute(() -> compare(rows, served));
        } catch (RejectedExecutionException e) {
            dropped.increment();
        }
    }

    private void compare(ModelInputBatch rows, float[] served) {
        long start = System.nanoTime();
        float[] shadow;
        try {
            shadow = scorer.score(Role.SHADOW, rows).scores();
        } catch (ScoringException e) {
            // A sample drawn before the shadow was retired (archived, promoted) and scored after: no failure of the
            // shadow version, or each stage change would show a burst of them on the dashboard.
            (scorer.version(Role.SHADOW).isPresent() ? failed : dropped).increment();
            return;
        }
        latency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        overlap.record(TopOverlap.of(served, shadow, k));
        scored.increment();
    }

    @PreDestroy
    void close() {
        worker.shutdownNow();
    }
}
