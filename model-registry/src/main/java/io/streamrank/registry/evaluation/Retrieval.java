package io.streamrank.registry.evaluation;

import io.streamrank.contract.features.RecentItem;
import io.streamrank.contract.features.UserFeatures;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Candidate retrieval as the ranking service's {@code CandidateRetriever} does it, offline, with the service's
 * defaults: embedding neighbours of the user's newest items (session) and of their interest vector (ann), the served
 * co-visitation lists of those items, the last hour's most clicked items of the user's recent categories (trending)
 * and overall (popular), and the user's own recent items; merged round-robin in the service's priority order,
 * de-duplicated, capped, and filled up with popular items. Embedding neighbours are exact here (the service searches
 * an HNSW graph of the same unit vectors). New catalog items are left out: the recorded events have no catalog.
 *
 * @param triggers            the user's newest items whose neighbours are taken (session, co-visitation)
 * @param ann                 neighbours of the user's interest vector
 * @param session             neighbours of the trigger items, all together
 * @param coVisitation        co-visited items of the trigger items, all together
 * @param categories          the user's recent categories whose trending items are taken
 * @param perCategory         trending items per category
 * @param recent              the user's own recent items
 * @param popular             globally popular items
 * @param maxCandidates       cap on the candidate set
 */
record Retrieval(int triggers, int ann, int session, int coVisitation, int categories, int perCategory, int recent,
                 int popular, int maxCandidates) {

    Retrieval {
        if (triggers < 0 || ann < 0 || session < 0 || coVisitation < 0 || categories < 0 || perCategory < 0
                || recent < 0 || popular < 0 || maxCandidates < 1) {
            throw new IllegalArgumentException("want retrieval counts >= 0 and --max-candidates >= 1");
        }
    }

    /** The service's defaults ({@code streamrank.retrieval.*}). */
    static final Retrieval SERVED = new Retrieval(3, 100, 100, 100, 5, 40, 20, 150, 500);
    /** The service's interest vector: the user's 20 newest distinct items, weighted 0.8^i. */
    private static final int INTEREST_ITEMS = 20;
    private static final double INTEREST_DECAY = 0.8;

    /** The sources in the service's priority order, as {@link Retrieved#bySource} lists them. */
    static final List<String> SOURCES = List.of("session", "co-visitation", "ann", "trending", "recent", "popular");

    /**
     * One user's candidates.
     *
     * @param items    the merged candidates, at most {@code maxCandidates}
     * @param bySource what each of {@link #SOURCES} returned, before the merge and its cap
     */
    record Retrieved(List<Long> items, List<List<Long>> bySource) {
    }

    Retrieved candidates(UserFeatures user, long t, UnitEmbeddings embeddings, ServedCoVisitation coVisits,
                         Map<Long, Double> lastHour, Catalog catalog) {
        List<Long> triggerItems = recentItems(user, triggers);
        List<List<Long>> near = new ArrayList<>();
        List<List<Long>> coVisited = new ArrayList<>();
        for (long item : triggerItems) {
            near.add(embeddings.neighbours(item, ceilDiv(session, triggerItems.size())));
            coVisited.add(coVisits.neighbours(item, t, ceilDiv(coVisitation, triggerItems.size())));
        }
        List<Long> trending = new ArrayList<>();
        for (long c : recentCategories(user, categories)) {
            trending.addAll(LastHour.top(lastHour, perCategory, c, catalog));
        }
        List<Long> popularItems = LastHour.top(lastHour, Math.max(maxCandidates, popular), null, catalog);
        // The service's priority order (CandidateRetriever.merge); new items would come after trending.
        List<List<Long>> bySource = List.of(
                cap(interleave(near), session),
                cap(interleave(coVisited), coVisitation),
                embeddings.interest(recentItems(user, INTEREST_ITEMS), INTEREST_DECAY, ann),
                trending,
                recentItems(user, recent),
                cap(popularItems, popular));
        Set<Long> out = new LinkedHashSet<>();
        int longest = bySource.stream().mapToInt(List::size).max().orElse(0);
        for (int i = 0; i < longest && out.size() < maxCandidates; i++) {
            for (List<Long> ids : bySource) {
                if (i < ids.size() && out.size() < maxCandidates) {
                    out.add(ids.get(i));
                }
            }
        }
        for (int i = popular; i < popularItems.size() && out.size() < maxCandidates; i++) {
            out.add(popularItems.get(i));
        }
        return new Retrieved(new ArrayList<>(out), bySource);
    }

    private static int ceilDiv(int quota, int n) {
        return (quota + n - 1) / n;
    }

    static List<Long> recentItems(UserFeatures user, int n) {
        Set<Long> out = new LinkedHashSet<>();
        for (RecentItem r : user.recent()) {
            if (out.size() >= n) {
                break;
            }
            out.add(r.itemId());
        }
        return new ArrayList<>(out);
    }

    private static List<Long> recentCategories(UserFeatures user, int n) {
        Set<Long> cats = new LinkedHashSet<>();
        for (RecentItem r : user.recent()) {
            if (cats.size() >= n) {
                break;
            }
            cats.add(r.categoryId());
        }
        return new ArrayList<>(cats);
    }

    static List<Long> interleave(List<List<Long>> lists) {
        List<Long> out = new ArrayList<>();
        int longest = lists.stream().mapToInt(List::size).max().orElse(0);
        for (int i = 0; i < longest; i++) {
            for (List<Long> l : lists) {
                if (i < l.size()) {
                    out.add(l.get(i));
                }
            }
        }
        return out;
    }

    private static List<Long> cap(List<Long> ids, int max) {
        return ids.size() > max ? ids.subList(0, max) : ids;
    }
}
