package io.streamrank.ranking.retrieval;

import io.streamrank.contract.features.RecentItem;
import io.streamrank.contract.features.UserFeatures;
import io.streamrank.ranking.RankingProperties;
import io.streamrank.ranking.features.FeatureStore;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Candidate generation for the walking skeleton: popular items of the user's most recent categories first, then the
 * user's own recent items, then globally popular items; de-duplicated and capped. Throws
 * {@link io.streamrank.ranking.features.FeatureStoreUnavailableException} when Redis cannot answer.
 */
@Component
public class CandidateRetriever {

    private final FeatureStore store;
    private final RankingProperties.Ranking settings;

    CandidateRetriever(FeatureStore store, RankingProperties properties) {
        this.store = store;
        this.settings = properties.ranking();
    }

    public List<Long> retrieve(UserFeatures user) {
        int max = settings.maxCandidates();
        Set<Long> out = new LinkedHashSet<>();
        List<Long> categories = recentCategories(user, settings.recentCategories());
        var byCategory = store.popularByCategory(categories, settings.perCategory());
        for (Long cat : categories) {
            addAll(out, byCategory.getOrDefault(cat, List.of()), max);
        }
        addAll(out, user.recent().stream().map(RecentItem::itemId).toList(), max);
        addAll(out, store.popular(settings.popular()), max);
        return new ArrayList<>(out);
    }

    static List<Long> recentCategories(UserFeatures user, int n) {
        Set<Long> cats = new LinkedHashSet<>();
        for (RecentItem r : user.recent()) {
            if (cats.size() >= n) {
                break;
            }
            cats.add(r.categoryId());
        }
        return new ArrayList<>(cats);
    }

    private static void addAll(Set<Long> out, List<Long> items, int max) {
        for (Long id : items) {
            if (out.size() >= max) {
                return;
            }
            out.add(id);
        }
    }
}
