package io.streamrank.ranking.recommend;

import io.streamrank.ranking.ann.AnnIndex;
import io.streamrank.ranking.ann.HnswIndex;
import io.streamrank.ranking.rules.BusinessRules;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * On a product page ({@code contextItemId}), how similar each candidate is to the page's item, by the served
 * version's item embeddings (ADR 89). The model ranks for the user alone; without this a product page's top-K were as
 * unrelated to its item as the home page's.
 */
@Component
class ContextSimilarity {

    /**
     * @param itemId     the page's item
     * @param similarity per candidate of the ranking input, by position: the cosine similarity of the embeddings,
     *                   {@code NaN} for a candidate without one (its score is left as it is)
     * @param weight     what a similarity of 1 adds to a score
     */
    record Scores(long itemId, float[] similarity, double weight) {

        /** What the candidate at {@code position} gains (negative: loses), 0 for one without an embedding. */
        double adjustment(int position) {
            float s = similarity[position];
            return Float.isNaN(s) ? 0 : weight * s;
        }

        boolean applies(int position) {
            return !Float.isNaN(similarity[position]);
        }
    }

    private final AnnIndex ann;
    private final double weight;

    ContextSimilarity(AnnIndex ann, BusinessRules rules) {
        this.ann = ann;
        this.weight = rules.contextSimilarityWeight();
    }

    /**
     * The candidates' similarities to the page's item; {@code null} when there is none to apply: no product page, the
     * weight is 0, no index is served yet, or the served version has no embedding for the page's item.
     */
    Scores of(long contextItemId, RankingInput input) {
        if (weight <= 0 || contextItemId <= 0) {
            return null;
        }
        Optional<HnswIndex> index = ann.index();
        float[] similarity = index.isEmpty() ? null
                : index.get().similarities(contextItemId, input::id, input.size());
        return similarity == null ? null : new Scores(contextItemId, similarity, weight);
    }
}
