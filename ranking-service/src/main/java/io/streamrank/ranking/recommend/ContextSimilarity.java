package io.streamrank.ranking.recommend;

import io.streamrank.contract.model.ItemCategories;
import io.streamrank.ranking.ann.AnnIndex;
import io.streamrank.ranking.ann.HnswIndex;
import io.streamrank.ranking.rules.BusinessRules;
import java.util.BitSet;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * On a product page ({@code contextItemId}), how similar each candidate is to the page's item, by the served
 * version's item embeddings (ADR 89). The model ranks for the user alone; without this a product page's top-K were as
 * unrelated to its item as the home page's. A candidate the version has no embedding of (an item newer than its
 * training) is given the mean similarity of its category's items (ADR 91): left unmoved, it had outranked the items
 * that lost score for being unlike the page's item.
 */
@Component
class ContextSimilarity {

    /**
     * @param itemId     the page's item
     * @param similarity per candidate of the ranking input, by position: the cosine similarity of the embeddings, for
     *                   a candidate without one its category's mean (set in {@code byCategory}), {@code NaN} when
     *                   neither is known (its score is left as it is)
     * @param byCategory the positions whose similarity is their category's mean, {@code null} when there are none
     * @param weight     what a similarity of 1 adds to a score
     */
    record Scores(long itemId, float[] similarity, BitSet byCategory, double weight) {

        /** What the candidate at {@code position} gains (negative: loses), 0 when no similarity is known for it. */
        double adjustment(int position) {
            float s = similarity[position];
            return Float.isNaN(s) ? 0 : weight * s;
        }

        boolean applies(int position) {
            return !Float.isNaN(similarity[position]);
        }

        /** Whether the similarity at {@code position} is its category's mean: the candidate has no embedding. */
        boolean ofCategory(int position) {
            return byCategory != null && byCategory.get(position);
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
     *
     * @param table the item table of the version that ranks the user (ADR 82): it names the categories whose items'
     *              mean stands for a candidate without an embedding, as on a category page (ADR 88)
     */
    Scores of(long contextItemId, RankingInput input, ItemCategories table) {
        if (weight <= 0 || contextItemId <= 0) {
            return null;
        }
        Optional<HnswIndex> served = ann.index();
        if (served.isEmpty()) {
            return null;
        }
        HnswIndex index = served.get();
        float[] similarity = index.similarities(contextItemId, input::id, input.size());
        if (similarity == null) {
            return null;
        }
        BitSet byCategory = index.fillCategorySimilarities(table, contextItemId, similarity, input::category);
        return new Scores(contextItemId, similarity, byCategory, weight);
    }
}
