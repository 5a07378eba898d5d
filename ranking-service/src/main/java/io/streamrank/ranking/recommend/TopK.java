package io.streamrank.ranking.recommend;

import io.streamrank.ranking.recommend.RecommendationResponse.ScoredItem;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.PriorityQueue;

/** Selects the k best-scored candidates in O(n log k); ties keep candidate order (earlier retrieval wins). */
final class TopK {

    private TopK() {
    }

    static List<ScoredItem> of(List<Long> candidates, float[] scores, int k) {
        // Min-heap on (score, -index): the root is the weakest kept item.
        PriorityQueue<Integer> heap = new PriorityQueue<>(k + 1, (a, b) -> {
            int c = Float.compare(scores[a], scores[b]);
            return c != 0 ? c : Integer.compare(b, a);
        });
        for (int i = 0; i < candidates.size(); i++) {
            heap.add(i);
            if (heap.size() > k) {
                heap.poll();
            }
        }
        List<ScoredItem> out = new ArrayList<>(heap.size());
        while (!heap.isEmpty()) {
            int i = heap.poll();
            out.add(new ScoredItem(candidates.get(i), scores[i]));
        }
        Collections.reverse(out);
        return out;
    }
}
