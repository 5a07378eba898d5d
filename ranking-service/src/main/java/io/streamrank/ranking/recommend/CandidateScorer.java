package io.streamrank.ranking.recommend;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.streamrank.contract.model.ItemCategories;
import io.streamrank.contract.model.ModelInputBatch;
import io.streamrank.ranking.RankingProperties;
import io.streamrank.ranking.model.ModelScorer;
import io.streamrank.ranking.model.Role;
import io.streamrank.ranking.model.ScoringException;
import io.streamrank.ranking.rollout.CanaryCohort;
import io.streamrank.ranking.rollout.ShadowScoring;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One model row per candidate through the contract's {@link ModelInputBatch} (training and serving rows come from the
 * same code), then one batched call to the pooled DJL predictors of the version that ranks the user: the canary for
 * its cohort, else the serving one (a failing canary falls back to the serving version, counted). A sample of requests
 * hands its rows on to the shadow version (ADR 55).
 */
@Component
class CandidateScorer {

    private static final Logger log = LoggerFactory.getLogger(CandidateScorer.class);

    private final ModelScorer model;
    private final CanaryCohort cohort;
    private final ShadowScoring shadow;
    private final Counter canaryFallbacks;
    /**
     * Batches of finished requests, emptied, for the next ones: a 500-candidate batch is ~46 KB of arrays, a fifth of
     * what a request allocated (ADR 35). Holds at most as many as requests can score at once (the concurrency limit),
     * so the batches kept stay few and long-lived; the collector never copies them again once they are old.
     */
    private final BlockingQueue<ModelInputBatch> spare;
    private volatile long lastFailureLog;

    CandidateScorer(ModelScorer model, CanaryCohort cohort, ShadowScoring shadow, RankingProperties properties,
                    MeterRegistry meters) {
        this.model = model;
        this.cohort = cohort;
        this.shadow = shadow;
        this.canaryFallbacks = Counter.builder("streamrank.rollout.canary.fallbacks")
                .description("Canary-cohort requests the canary version failed to score, ranked by the serving one")
                .register(meters);
        this.spare = new ArrayBlockingQueue<>(Math.max(1, properties.api().maxConcurrent()));
    }

    /**
     * The training category of each item the version that ranks {@code userId} knows (ADR 82), for
     * {@link RankingInput}: the canary's for its cohort, else the serving version's.
     */
    ItemCategories itemCategories(long userId) {
        return cohort.itemCategories(userId);
    }

    /**
     * The model's logits by position in {@code input} and the version that computed them, or {@code null} when scoring
     * failed.
     *
     * @param shadowable whether the request may be sampled for the shadow version (not the service's own warm-up)
     */
    ModelScorer.Scored score(RankingInput input, long userId, boolean shadowable) {
        int n = input.size();
        if (n == 0) {
            // Nothing to score; with no model loaded the answer is still one without a model, marked and counted so.
            return model.version().map(v -> new ModelScorer.Scored(new float[0], v)).orElse(null);
        }
        ModelInputBatch batch = spare.poll();
        if (batch == null) {
            batch = new ModelInputBatch(n);
        }
        for (int i = 0; i < n; i++) {
            batch.add(input.user().features(), input.clicks1h(i), input.hasFeatures(i), input.id(i), input.category(i),
                    userId, input.now());
        }
        try {
            ModelScorer.Scored scored;
            boolean ofCohort;
            try {
                scored = cohort.score(userId, batch);
                ofCohort = scored != null;
            } catch (ScoringException e) {
                // The canary failed to score. One retired (promoted, archived) meanwhile is no failure and lands
                // in the null above, so the fallback alert does not fire on every promotion.
                canaryFallbacks.increment();
                scored = null;
                ofCohort = true;
            }
            if (scored == null) {
                scored = model.score(Role.SERVING, batch);
            }
            // The shadow is compared with the serving version's ranking, not with a canary's, nor its cohort's.
            if (shadowable && !ofCohort && shadow.draws()) {
                shadow.submit(batch, scored.scores()); // the shadow's thread owns the rows now
            } else {
                // Only after the call returned: until then a batching call of another request may still read it.
                batch.clear();
                spare.offer(batch);
            }
            return scored;
        } catch (ScoringException e) {
            long now = System.currentTimeMillis();
            if (now - lastFailureLog > 10_000) {
                // At most one line per 10 s: a missing model fails every request.
                lastFailureLog = now;
                log.warn("scoring failed, answering in retrieval order: {}", e.getMessage());
            }
            return null;
        }
    }
}
