package io.streamrank.ranking.model;

import io.streamrank.contract.model.ModelInputBatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Scores a batch with the version in one role's slot, holding a reference to it for the call, and turns every failure
 * (none loaded, inference failed, a score that is not a finite number) into a {@link ScoringException}.
 */
final class RoleScoring {

    private RoleScoring() {
    }

    /**
     * Scores {@code batch} with the version {@code slot} holds for {@code role}. With {@code cohort} null, every
     * request is the role's and a missing version fails; otherwise {@code null} when no version is loaded or
     * {@code userId} is not in its cohort, asked about the very version that then scores.
     */
    static ModelScorer.Scored score(Role role, AtomicReference<LoadedModel> slot, ModelInputBatch batch,
                                    ModelScorer.Cohort cohort, long userId) {
        while (true) {
            LoadedModel m = slot.get();
            if (m == null) {
                if (cohort != null) {
                    return null;
                }
                throw ScoringException.notLoaded(VersionGauges.name(role));
            }
            if (cohort != null && !cohort.includes(userId, m.version())) {
                return null;
            }
            if (!m.acquire()) {
                continue; // swapped out and closed between get() and acquire(): the next read sees the new one
            }
            float[] scores;
            try {
                scores = m.score(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ScoringException("interrupted", e);
            } catch (Exception e) {
                throw new ScoringException("inference failed", e);
            } finally {
                m.release();
            }
            int bad = firstNonFinite(scores);
            if (bad >= 0) {
                // NaN sorts above every score and is not a JSON number: a broken version must fall back, marked.
                throw new ScoringException("model " + m.version() + " scored row " + bad + " as " + scores[bad], null);
            }
            return new ModelScorer.Scored(scores, m.version());
        }
    }

    /** The first score that is NaN or infinite, or -1. */
    static int firstNonFinite(float[] scores) {
        for (int i = 0; i < scores.length; i++) {
            if (!Float.isFinite(scores[i])) {
                return i;
            }
        }
        return -1;
    }
}
