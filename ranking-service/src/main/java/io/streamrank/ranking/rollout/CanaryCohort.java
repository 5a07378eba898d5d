package io.streamrank.ranking.rollout;

import io.streamrank.contract.model.ItemCategories;
import io.streamrank.contract.model.ModelInputBatch;
import io.streamrank.ranking.RankingProperties;
import io.streamrank.ranking.model.ModelScorer;
import org.springframework.stereotype.Component;

/**
 * Which version ranks a user: the canary for {@code streamrank.rollout.canary-percent} of users while the registry has
 * a canary, else the serving version. A user's bucket is a hash of the user id salted with the canary's version:
 * stable across requests and pods (a shopper does not flip between rankers from page to page), and a new canary meets
 * a new cohort, so the same users are not the test subjects of every release (ADR 55).
 */
@Component
public class CanaryCohort implements ModelScorer.Cohort {

    static final int BUCKETS = RankingProperties.Rollout.BUCKETS;

    private final ModelScorer scorer;
    private final int canaryBuckets;

    CanaryCohort(ModelScorer scorer, RankingProperties properties) {
        this.scorer = scorer;
        this.canaryBuckets = properties.rollout().canaryBuckets();
    }

    /**
     * The loaded canary's scores of the rows when the user is in its cohort; {@code null} when there is no canary or
     * the user is not in its cohort (the serving version ranks them). The cohort is that of the version that scores
     * ({@link ModelScorer#scoreCanary}): a canary swapped meanwhile never ranks a user outside its own cohort.
     *
     * @throws io.streamrank.ranking.model.ScoringException when the canary failed to score
     */
    public ModelScorer.Scored score(long userId, ModelInputBatch batch) {
        return canaryBuckets == 0 ? null : scorer.scoreCanary(userId, this, batch);
    }

    /** The training categories (ADR 82) of the version that ranks the user: the canary's for its cohort. */
    public ItemCategories itemCategories(long userId) {
        return canaryBuckets == 0 ? scorer.itemCategories() : scorer.itemCategories(userId, this);
    }

    /** Whether the user is in the cohort of canary version {@code canaryVersion}. */
    @Override
    public boolean includes(long userId, String canaryVersion) {
        return bucket(userId, canaryVersion) < canaryBuckets;
    }

    /** The user's bucket in {@code [0, BUCKETS)} for this canary version. */
    static int bucket(long userId, String canaryVersion) {
        return (int) Long.remainderUnsigned(mix(userId ^ ((long) canaryVersion.hashCode() << 32)), BUCKETS);
    }

    /** SplitMix64's finaliser: consecutive ids land in unrelated buckets. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
