package io.streamrank.ranking.recommend;

import io.streamrank.contract.model.ModelInputBatch;
import io.streamrank.ranking.model.ModelScorer;
import io.streamrank.ranking.model.ScoringException;
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
    private volatile long lastFailureLog;

    CandidateScorer(ModelScorer model) {
        this.model = model;
    }

    /** The model's logits by position in {@code input}, or {@code null} when scoring failed. */
    float[] score(RankingInput input, long userId) {
        int n = input.size();
        if (n == 0) {
            return new float[0];
        }
        ModelInputBatch batch = new ModelInputBatch(n);
        for (int i = 0; i < n; i++) {
            batch.add(input.user().features(), input.features(i), input.id(i), input.category(i), userId,
                    input.now());
        }
        try {
            return model.score(batch);
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
