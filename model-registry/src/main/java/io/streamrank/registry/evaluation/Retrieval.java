package io.streamrank.registry.evaluation;

import io.streamrank.contract.features.RecentItem;
import io.streamrank.contract.features.UserFeatures;
import io.streamrank.contract.model.ItemEmbeddings;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Candidate retrieval as the ranking service does it, offline: the user's recent items, the nearest items to the
 * user's recent-item query in the model's item embeddings (exact here; the service may use an approximate index),
 * the most clicked items of the user's recent categories and the most clicked items overall, de-duplicated and capped.
 *
 * @param ann           embedding neighbours taken
 * @param perCategory   popular items taken per recent category
 * @param categories    recent categories used
 * @param popular       globally popular items taken
 * @param maxCandidates cap on the candidate set
 */
record Retrieval(int ann, int perCategory, int categories, int popular, int maxCandidates) {

    List<Long> candidates(UserFeatures user, ItemEmbeddings embeddings, Map<Long, Double> lastHour,
                          Catalog catalog) {
        Set<Long> out = new LinkedHashSet<>();
        for (RecentItem r : user.recent()) {
            add(out, r.itemId());
        }
        if (ann > 0 && !user.recent().isEmpty()) {
            for (long item : embeddings.topK(embeddings.query(user.recent()), ann)) {
                add(out, item);
            }
        }
        Set<Long> cats = new LinkedHashSet<>();
        for (RecentItem r : user.recent()) {
            if (cats.size() >= categories) {
                break;
            }
            cats.add(r.categoryId());
        }
        for (Long c : cats) {
            LastHour.top(lastHour, perCategory, c, catalog).forEach(i -> add(out, i));
        }
        LastHour.top(lastHour, popular, null, catalog).forEach(i -> add(out, i));
        return new ArrayList<>(out);
    }

    private void add(Set<Long> out, long item) {
        if (out.size() < maxCandidates) {
            out.add(item);
        }
    }
}
