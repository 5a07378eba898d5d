package io.streamrank.bench;

import static io.streamrank.bench.HomePageEval.SERVED;
import static io.streamrank.bench.HomePageEval.UNBOOSTED;
import static io.streamrank.bench.HomePageEval.UNPOPULAR;
import static io.streamrank.bench.HomePageEval.WHOLE_PAGE_CAP;

import io.streamrank.bench.ExplainedPages.Item;
import io.streamrank.bench.ExplainedPages.Order;
import io.streamrank.bench.ExplainedPages.Page;
import io.streamrank.bench.HomePageEval.Visit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToIntFunction;

/** {@link HomePageEval}'s figures: how long the clicks took to show, and where B ranks on each page asked. */
final class HomeTally {

    private static final int[] KS = {10, 50};

    /**
     * A row of the table: B's place in one page's capped top 50 (-1: not in it), and the row it is compared with
     * (-1: none).
     */
    record Row(String name, ToIntFunction<Visit> place, int against) {
    }

    private HomeTally() {
    }

    /**
     * The rows: the home page that first showed the click as served (row 1) is compared with the page before the
     * click, itself recomputed, and the product page of A; the product page recomputed with the product page; the
     * category page of B's category before the click and without its items' clicks in the last hour (ADR 94) with the
     * one after it. Category pages are not capped (ADR 87).
     */
    static List<Row> rows(int cap, int window, double popularityWeight, List<Double> popularityWeights) {
        List<Row> rows = new ArrayList<>(List.of(
                new Row("home page before the click", v -> place(v.before, SERVED, v.b, cap, window), 1),
                new Row("home page showing the click, as served", v -> place(v.after, SERVED, v.b, cap, window), -1),
                new Row("  the same without new_item_boost", v -> place(v.after, UNBOOSTED, v.b, cap, window), 1),
                new Row("  the same, cap over the whole page (before ADR 93)",
                        v -> place(v.after, WHOLE_PAGE_CAP, v.b, cap, window), 1),
                new Row("product page of A, after the click", v -> place(v.product, SERVED, v.b, cap, window), 1),
                new Row("  the same, cap over the whole page",
                        v -> place(v.product, WHOLE_PAGE_CAP, v.b, cap, window), 4),
                new Row("category page of B's category, before the click",
                        v -> place(v.categoryBefore, SERVED, v.b, 0, 0), 7),
                new Row("category page of B's category, after the click",
                        v -> place(v.categoryAfter, SERVED, v.b, 0, 0), -1),
                new Row("  the same without category_popularity (ADR 94)",
                        v -> place(v.categoryAfter, UNPOPULAR, v.b, 0, 0), 7)));
        for (double w : popularityWeights) {
            // The explained delta is the served weight's: scaled, it is another weight's.
            Order weighed = new Order("category-page-popularity-weight " + w,
                    i -> i.score() - i.popularity() + w / popularityWeight * i.popularity());
            rows.add(new Row("  the same, popularity weight " + w,
                    v -> place(v.categoryAfter, weighed, v.b, 0, 0), 7));
        }
        return rows;
    }

    static int place(Page page, Order order, long b, int cap, int window) {
        return ExplainedPages.top(page.items(), order, KS[KS.length - 1], cap, window).indexOf(b);
    }

    /** The {@code q} quantile of sorted values, the nearest rank (0 when there are none). */
    static double quantile(double[] sorted, double q) {
        return sorted.length == 0 ? 0 : sorted[Math.max(0, (int) Math.ceil(q * sorted.length) - 1)];
    }

    static void print(List<Visit> visits, int cap, int window, long waitMs, double popularityWeight,
                      List<Double> popularityWeights) {
        List<Visit> shown = visits.stream().filter(v -> v.after != null).toList();
        double[] shownMs = shown.stream().mapToDouble(v -> v.shownMs).sorted().toArray();
        double[] notYetMs = shown.stream().mapToDouble(v -> v.notYetMs).sorted().toArray();
        System.out.printf("%d of %d clicks shown within %d ms. The first page showing a click was asked %.0f / %.0f "
                + "/ %.0f ms after its post (P50 / P90 / max), the user's last page not showing it %.0f / %.0f / %.0f "
                + "ms (0: the first page asked showed it)%n", shown.size(), visits.size(), waitMs,
                quantile(shownMs, 0.5), quantile(shownMs, 0.9), quantile(shownMs, 1), quantile(notYetMs, 0.5),
                quantile(notYetMs, 0.9), quantile(notYetMs, 1));
        System.out.printf("The model saw the user's features on %d of those %d pages (the rest ranked with the "
                + "user's features missing)%n", shown.stream().filter(v -> v.after.userFeatures()).count(),
                shown.size());
        List<Visit> counted = shown.stream()
                .filter(v -> !v.before.degraded() && !v.after.degraded() && !v.product.degraded()
                        && !v.categoryBefore.degraded() && !v.categoryAfter.degraded()).toList();
        Map<String, Integer> bySource = new TreeMap<>();
        int before = 0;
        int after = 0;
        for (Visit v : counted) {
            before += v.before.items().stream().anyMatch(i -> i.id() == v.b) ? 1 : 0;
            for (Item i : v.after.items()) {
                if (i.id() == v.b) {
                    after++;
                    i.sources().forEach(s -> bySource.merge(s, 1, Integer::sum));
                }
            }
        }
        System.out.printf("%d pairs counted (left out: %d not shown, %d with a degraded page of the five asked); B "
                + "among the answered "
                + "candidates before the click %d, after it %d (found by %s)%n", counted.size(),
                visits.size() - shown.size(), shown.size() - counted.size(), before, after, bySource);
        // The served answer recomputed from its scores, as every row below is, against the order the service
        // answered: a page where they differ would mean the recomputation does not select as the service does.
        long same = counted.stream().filter(v -> ExplainedPages.top(v.after.items(), SERVED, v.after.items().size(),
                cap, window).equals(v.after.items().stream().map(Item::id).toList())).count();
        System.out.printf("The served answer recomputed from its scores is the one answered on %d of %d pages; its "
                + "top %d holds %s%n", same, counted.size(), KS[KS.length - 1],
                diversity(counted, SERVED, cap, window));
        System.out.printf("  (with the cap over the whole page: %s)%n", diversity(counted, WHOLE_PAGE_CAP, cap,
                window));
        System.out.println(categoryPagesLine(counted));
        List<Row> rows = rows(cap, window, popularityWeight, popularityWeights);
        // B's place on each row's page, once per pair: a capped top 10 is the first ten of the capped top 50.
        int[][] place = new int[counted.size()][rows.size()];
        for (int v = 0; v < counted.size(); v++) {
            for (int r = 0; r < rows.size(); r++) {
                place[v][r] = rows.get(r).place().applyAsInt(counted.get(v));
            }
        }
        int bClicked = 0;
        int[] bClickedHits = new int[KS.length];
        for (int v = 0; v < counted.size(); v++) {
            if (counted.get(v).bClicked) {
                bClicked++;
                for (int k = 0; k < KS.length; k++) {
                    bClickedHits[k] += hit(place[v][1], KS[k]) ? 1 : 0;
                }
            }
        }
        System.out.printf("B was clicked earlier in this run (another pair's A, viewed before this pair's A) in %d "
                + "pairs: row 2 had it in its top 10 in %d of them, top 50 in %d%n", bClicked, bClickedHits[0],
                bClickedHits[1]);
        for (int r = 0; r < rows.size() && !counted.isEmpty(); r++) {
            StringBuilder line = new StringBuilder(String.format("%2d %-52s", r + 1, rows.get(r).name()));
            for (int k : KS) {
                int hits = 0;
                int onlyServed = 0;
                int onlyThis = 0;
                int against = Math.max(0, rows.get(r).against());
                for (int[] ofPair : place) {
                    boolean hit = hit(ofPair[r], k);
                    boolean served = hit(ofPair[against], k);
                    hits += hit ? 1 : 0;
                    onlyServed += served && !hit ? 1 : 0;
                    onlyThis += hit && !served ? 1 : 0;
                }
                line.append(String.format("  hit@%d %4d (%.2f %%)", k, hits, 100.0 * hits / counted.size()));
                if (rows.get(r).against() >= 0) {
                    line.append(String.format(" [row %d only %d, this only %d]", rows.get(r).against() + 1,
                            onlyServed, onlyThis));
                }
            }
            System.out.println(line);
        }
    }

    /**
     * What the category pages after the click answered, and where B would rank in them by chance: a category page holds
     * only its category's items, so on a category of a dozen items any order puts B in the top 10. The chance is
     * the expected hits if each page's answered items were in a random order.
     */
    static String categoryPagesLine(List<Visit> visits) {
        int holding = 0;
        long answered = 0;
        long same = 0;
        double[] chance = new double[KS.length];
        for (Visit v : visits) {
            List<Item> items = v.categoryAfter.items();
            answered += items.size();
            same += ExplainedPages.top(items, SERVED, items.size(), 0, 0)
                    .equals(items.stream().map(Item::id).toList()) ? 1 : 0;
            if (items.stream().anyMatch(i -> i.id() == v.b)) {
                holding++;
                for (int k = 0; k < KS.length; k++) {
                    chance[k] += Math.min(1.0, (double) KS[k] / items.size());
                }
            }
        }
        return String.format("Category pages of B's category after the click: %.1f items answered on average; B "
                + "among them on %d of %d; in a random order of those answers B would be in the top %d of %.1f "
                + "pages and the top %d of %.1f (expected); recomputed from their scores (no cap) they are the ones "
                + "answered on %d of %d", visits.isEmpty() ? 0.0 : (double) answered / visits.size(), holding,
                visits.size(), KS[0], chance[0], KS[1], chance[1], same, visits.size());
    }

    /** The mean number of categories in the top 50 of the pages showing the click, and of its largest category. */
    static String diversity(List<Visit> visits, Order order, int cap, int window) {
        double distinct = 0;
        double largest = 0;
        for (Visit v : visits) {
            Map<Long, Long> category = new TreeMap<>();
            v.after.items().forEach(i -> category.put(i.id(), i.category()));
            Map<Long, Integer> items = new TreeMap<>();
            ExplainedPages.top(v.after.items(), order, KS[KS.length - 1], cap, window)
                    .forEach(id -> items.merge(category.get(id), 1, Integer::sum));
            distinct += items.size();
            largest += items.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        }
        return String.format("%.1f categories on average, %.1f items of its largest one", distinct / visits.size(),
                largest / visits.size());
    }

    private static boolean hit(int place, int k) {
        return place >= 0 && place < k;
    }
}
