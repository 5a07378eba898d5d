package io.streamrank.ranking.retrieval;

import io.streamrank.contract.model.ItemCategories;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Arithmetic over the sources' id lists: quotas, interleaving, concatenation, caps, a category page's filter. */
final class SourceLists {

    private SourceLists() {
    }

    static int perTrigger(int quota, int triggers) {
        return triggers == 0 ? 0 : (quota + triggers - 1) / triggers;
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

    static List<Long> concat(List<List<Long>> lists, int max) {
        List<Long> out = new ArrayList<>();
        for (List<Long> l : lists) {
            for (Long id : l) {
                if (out.size() >= max) {
                    return out;
                }
                out.add(id);
            }
        }
        return out;
    }

    private static int count(Collection<List<Long>> lists) {
        int n = 0;
        for (List<Long> l : lists) {
            n += l.size();
        }
        return n;
    }

    static long[] ids(Collection<List<Long>> lists) {
        long[] out = new long[count(lists)];
        int n = 0;
        for (List<Long> l : lists) {
            for (int i = 0; i < l.size(); i++) {
                out[n++] = l.get(i);
            }
        }
        return out;
    }

    static List<Long> cap(List<Long> ids, int max) {
        return ids.size() <= max ? ids : new ArrayList<>(ids.subList(0, max));
    }

    /**
     * On a category page, keeps of the user's own sources (session, ann, recent, co-visitation) the ids of its
     * category, or of no category known, by the ranking version's table (ADR 82): the others would only be dropped
     * after the feature reads, having taken the candidate budget from the category's own items (ADR 88). An id of no
     * known category may still be of it by its live features or the catalog; the filter after the reads decides.
     */
    static void keepCategory(Map<Source, List<Long>> bySource, Page page) {
        if (page.onlyCategory() == 0L) {
            return;
        }
        ItemCategories table = page.exported();
        for (Source s : List.of(Source.SESSION, Source.ANN, Source.RECENT, Source.COVISITATION)) {
            bySource.computeIfPresent(s, (source, ids) -> {
                List<Long> out = new ArrayList<>(ids.size());
                for (Long id : ids) {
                    long c = table.category(id);
                    if (c == page.onlyCategory() || c == 0L) {
                        out.add(id);
                    }
                }
                return out;
            });
        }
    }
}
