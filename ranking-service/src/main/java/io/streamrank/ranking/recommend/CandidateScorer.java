package io.streamrank.ranking.recommend;

import io.streamrank.contract.model.ModelInputBatch;
import io.streamrank.ranking.model.ModelScorer;
import io.streamrank.ranking.RankingProperties;
import io.streamrank.ranking.model.ScoringException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One model row per candidate through the contract's {@link ModelInputBatch} (training and serving rows come from the
 * same code), then one batched call to the pooled DJL predictors.
 */
@Component
class CandidateScorer {

    private static final Logger log = LoggerFactory.getLogger(CandidateScorer.class);

    private final ModelScorer model;
    /**
     * Batches of finished requests, emptied, for the next ones: a 500-candidate batch is ~46 KB of arrays, a fifth of
     * what a request allocated (ADR 35). Holds at most as many as requests can score at once (the concurrency limit),
     * so the batches kept stay few and long-lived; the collector never copies them again once they are old.
     */
    private final BlockingQueue<ModelInputBatch> spare;
    private volatile long lastFailureLog;

    CandidateScorer(ModelScorer model, RankingProperties properties) {
        this.model = model;
        this.spare = new ArrayBlockingQueue<>(Math.max(1, properties.api().maxConcurrent()));
    }

    /** The model's logits by position in {@code input}, or {@code null} when scoring failed. */
    float[] score(RankingInput input, long userId) {
        int n = input.size();
        if (n == 0) {
            return new float[0];
        }
        ModelInputBatch batch = spare.poll();
        if (batch == null) {
            batch = new ModelInputBatch(n);
        }
        for (int i = 0; i < n; i++) {
            batch.add(input.user().features(), input.features(i), input.id(i), input.category(i), userId,
                    input.now());
        }
        try {
            float[] scores = model.score(batch);
            // Only after the call returned: until then a batching call of another request may still read it.
            batch.clear();
            spare.offer(batch);
            return scores;
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
