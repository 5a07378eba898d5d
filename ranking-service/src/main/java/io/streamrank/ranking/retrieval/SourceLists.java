package io.streamrank.ranking.retrieval;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Arithmetic over the sources' id lists: quotas, interleaving, concatenation, caps. */
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
}
