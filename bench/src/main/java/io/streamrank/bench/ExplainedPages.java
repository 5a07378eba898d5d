package io.streamrank.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * Explained answers ({@code explain=true}) as the page evaluations read them ({@link ProductPageEval},
 * {@link HomePageEval}), and their top K under an order recomputed from the same answer, with the per-category cap.
 */
final class ExplainedPages {

    /**
     * One answer's item: its final score, category, what the context rule added (all, and by its category's mean),
     * what the new-item boost added, the retrieval sources that found it, and what a category page's clicks in the
     * last hour added (ADR 94).
     */
    record Item(long id, double score, long category, double context, double byCategory, double boost,
                Set<String> sources, double popularity) {

        Item(long id, double score, long category, double context, double byCategory) {
            this(id, score, category, context, byCategory, 0, Set.of());
        }

        Item(long id, double score, long category, double context, double byCategory, double boost,
             Set<String> sources) {
            this(id, score, category, context, byCategory, boost, sources, 0);
        }
    }

    /**
     * An answer: its items, whether it is degraded, whether the context rule moved any of them (not when the served
     * version has no embedding of the page's item), its candidates per retrieval source, and whether the model saw the
     * user's features (not when missing or past their max age), and how many candidates it dropped as shown to the
     * user before.
     */
    record Page(List<Item> items, boolean degraded, boolean moved, Map<String, Integer> retrievedBySource,
                boolean userFeatures, int droppedShown) {

        /** Candidates the source retrieved (0 when none or not explained). */
        int retrieved(String source) {
            return retrievedBySource.getOrDefault(source, 0);
        }
    }

    /**
     * An order of a page: the score it sorts by, and whether its category cap counts in the whole page (as before
     * ADR 93) instead of the service's window.
     */
    record Order(String name, ToDoubleFunction<Item> score, boolean wholePageCap) {

        Order(String name, ToDoubleFunction<Item> score) {
            this(name, score, false);
        }
    }

    private ExplainedPages() {
    }

    /** An explained answer. */
    static Page page(JsonNode answer) {
        List<Item> out = new ArrayList<>();
        boolean moved = false;
        for (JsonNode item : answer.get("items")) {
            JsonNode why = item.path("explanation");
            double context = 0;
            double byCategory = 0;
            double boost = 0;
            double popularity = 0;
            for (JsonNode a : why.path("adjustments")) {
                String rule = a.get("rule").asText();
                if (rule.equals("context_similarity")) {
                    moved = true;
                    context += a.get("delta").asDouble();
                    byCategory += a.get("note").asText().startsWith("no embedding") ? a.get("delta").asDouble() : 0;
                } else if (rule.equals("new_item_boost")) {
                    boost += a.get("delta").asDouble();
                } else if (rule.equals("category_popularity")) {
                    popularity += a.get("delta").asDouble();
                }
            }
            Set<String> sources = new LinkedHashSet<>();
            why.path("sources").forEach(s -> sources.add(s.asText()));
            out.add(new Item(item.get("itemId").asLong(), item.get("score").asDouble(), why.path("categoryId").asLong(),
                    context, byCategory, boost, Set.copyOf(sources), popularity));
        }
        Map<String, Integer> bySource = new HashMap<>();
        answer.path("explanation").path("retrievedBySource").fields()
                .forEachRemaining(e -> bySource.put(e.getKey(), e.getValue().asInt()));
        boolean userFeatures = answer.get("items").size() > 0
                && answer.get("items").get(0).path("explanation").path("featureAges").path("userUsed").asBoolean();
        return new Page(out, answer.path("degraded").asBoolean(), moved, Map.copyOf(bySource), userFeatures,
                answer.path("explanation").path("dropped").path("shown").asInt());
    }

    /**
     * The page a request for {@code k} items would be answered, by the order's score, as the service's cap selects it
     * with backfill on (its default): with a sliding window ({@code window} shorter than the page), each place takes
     * the best item with fewer than {@code cap} items of its known category in the {@code window} - 1 places before
     * it, or, when none has, the best item left; with the cap over the whole page (window 0, as long as the page, or
     * an order with the whole-page cap) the items that fit are taken best first and the best held back fill the page
     * merged in by score. A cap of 0 is none; ties keep the answer's order.
     */
    static List<Long> top(List<Item> page, Order order, int k, int cap, int window) {
        List<Item> left = new ArrayList<>(page);
        left.sort(Comparator.comparingDouble(order.score()).reversed());
        int n = Math.min(k, left.size());
        boolean sliding = cap > 0 && !order.wholePageCap() && window > 0 && window < n;
        int span = sliding ? window - 1 : Integer.MAX_VALUE;
        List<Item> placed = new ArrayList<>(n);
        while (placed.size() < n) {
            List<Item> before = placed.subList(Math.max(0, placed.size() - span), placed.size());
            Item pick = null;
            for (Item i : left) {
                if (cap == 0 || i.category() == 0
                        || before.stream().filter(p -> p.category() == i.category()).count() < cap) {
                    pick = i;
                    break;
                }
            }
            if (pick == null && !sliding) {
                break;
            }
            pick = pick == null ? left.get(0) : pick;
            left.remove(pick);
            placed.add(pick);
        }
        if (placed.size() < n) {
            // The whole page's backfill: the best held back, merged in by score (the placed ones are in score order).
            // Ties in the answer's order, for the service's retrieval order it keeps.
            placed.addAll(left.subList(0, n - placed.size()));
            placed.sort(Comparator.comparingDouble(order.score()).reversed()
                    .thenComparingInt(i -> page.indexOf(i)));
        }
        return placed.stream().map(Item::id).toList();
    }
}
