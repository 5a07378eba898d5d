package io.streamrank.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamrank.bench.ExplainedPages.Item;
import io.streamrank.bench.ExplainedPages.Page;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HomePageEvalTest {

    @Test
    void aPageShowsTheClickWhenItRetrievedFromTheUsersRecentItemsOrTheirNeighbours() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Page before = ExplainedPages.page(json.readTree("""
                {"items":[{"itemId":1,"score":1.0,"explanation":{"sources":["popular"],
                  "featureAges":{"userUsed":false}}}],
                 "explanation":{"retrievedBySource":{"popular":1}}}"""));
        Page after = ExplainedPages.page(json.readTree("""
                {"items":[{"itemId":1,"score":1.0,"explanation":{"sources":["session","ann"],
                  "adjustments":[{"rule":"new_item_boost","delta":0.25,"note":"listed 1 h ago"}],
                  "featureAges":{"userMs":120,"userUsed":true}}}],
                 "explanation":{"retrievedBySource":{"session":1,"ann":1}}}"""));

        assertThat(UserPages.shows(before)).isFalse();
        assertThat(before.userFeatures()).isFalse();
        assertThat(UserPages.shows(after)).isTrue();
        assertThat(after.userFeatures()).isTrue();
        assertThat(after.items()).containsExactly(new Item(1, 1.0, 0, 0, 0, 0.25, Set.of("session", "ann")));
        assertThat(HomePageEval.UNBOOSTED.score().applyAsDouble(after.items().get(0))).isEqualTo(0.75);

        Page category = ExplainedPages.page(json.readTree("""
                {"items":[{"itemId":2,"score":2.0,"explanation":{"sources":["trending"],
                  "adjustments":[{"rule":"category_popularity","delta":0.5,"note":"1 clicks in the last hour"}]}}]}"""));
        assertThat(category.items().get(0).popularity()).isEqualTo(0.5);
        assertThat(HomePageEval.UNPOPULAR.score().applyAsDouble(category.items().get(0))).isEqualTo(1.5);
    }

    @Test
    void theCapCountsInTheWindowSlidingDownThePageOrInTheWholePage() {
        List<Item> page = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            page.add(new Item(i + 1, 10 - i, 7, 0, 0));
        }
        for (int i = 0; i < 6; i++) {
            page.add(new Item(100 + i, 1 - 0.1 * i, 100 + i, 0, 0));
        }
        // 2 of category 7 in every 3 places: 1, 2, a 100s item, 3, 4, ...; over the whole page only 1 and 2.
        assertThat(ExplainedPages.top(page, HomePageEval.SERVED, 6, 2, 3)).containsExactly(1L, 2L, 100L, 3L, 4L,
                101L);
        assertThat(ExplainedPages.top(page, HomePageEval.WHOLE_PAGE_CAP, 6, 2, 3)).containsExactly(1L, 2L, 100L,
                101L, 102L, 103L);
        assertThat(ExplainedPages.top(page, HomePageEval.SERVED, 6, 2, 0)).containsExactly(1L, 2L, 100L, 101L,
                102L, 103L);
        // A sliding window fills a place no item fits with the best item left, and goes on: 1 per 2 places, so
        // 100 (another category) takes place 1 and 2 comes back at place 2; place 3 fits none and takes 3.
        List<Item> fewCategories = List.of(page.get(0), page.get(1), page.get(2), page.get(6));
        assertThat(ExplainedPages.top(fewCategories, HomePageEval.SERVED, 4, 1, 2)).containsExactly(1L, 100L, 2L,
                3L);
    }

    @Test
    void overTheWholePageTheBestHeldBackItemsFillItMergedInByScoreAsTheServiceDoes() {
        // Items 1-3 of category 7 and 4 of category 8, scored 4, 3, 2, 1; at most 2 of a category on a page of 4:
        // 1, 2 and 4 fit, 3 fills the last place and, outscoring 4, comes before it.
        List<Item> page = List.of(new Item(1, 4, 7, 0, 0), new Item(2, 3, 7, 0, 0), new Item(3, 2, 7, 0, 0),
                new Item(4, 1, 8, 0, 0));
        assertThat(ExplainedPages.top(page, HomePageEval.SERVED, 4, 2, 0)).containsExactly(1L, 2L, 3L, 4L);
        assertThat(ExplainedPages.top(page, HomePageEval.SERVED, 3, 2, 0)).containsExactly(1L, 2L, 4L);
        // A window as long as the page is the whole page, as in the service.
        assertThat(ExplainedPages.top(page, HomePageEval.SERVED, 4, 2, 4)).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void aPageThatDroppedItemsAsShownStopsTheEvaluation() throws Exception {
        Page page = ExplainedPages.page(new ObjectMapper().readTree("""
                {"items":[{"itemId":1,"score":1.0}],"explanation":{"dropped":{"shown":3}}}"""));
        assertThat(page.droppedShown()).isEqualTo(3);
        assertThatThrownBy(() -> UserPages.checked(page, 42)).hasMessageContaining("dropped 3 items as shown to "
                + "user 42").hasMessageContaining("drop-shown=false");
        Page kept = page(new Item(1, 1, 7, 0, 0));
        assertThat(UserPages.checked(kept, 42)).isSameAs(kept);
    }

    @Test
    void aRoundEndsWhenFullOrBeforeAPairWhoseAIsTheBOfOneInIt() {
        // (A, B, user, category, time): 3's A is 1's B, so 3 starts a round; 4's A is 2's B from the round before.
        List<long[]> pairs = List.of(new long[] {10, 20, 1, 7, 1}, new long[] {11, 21, 2, 7, 2},
                new long[] {20, 30, 1, 7, 3}, new long[] {21, 31, 2, 7, 4}, new long[] {12, 22, 3, 7, 5},
                new long[] {13, 23, 4, 7, 6});
        List<List<long[]>> rounds = HomePageEval.rounds(pairs, 3);
        assertThat(rounds).extracting(List::size).containsExactly(2, 3, 1);
        assertThat(rounds.get(1).get(0)).containsExactly(20, 30, 1, 7, 3);
    }

    @Test
    void theTallyCountsHitsAgainstTheServedPageShowingTheClickAndLeavesOutClicksNotShown() {
        Page popular = page(new Item(50, 2, 5, 0, 0), new Item(60, 1, 6, 0, 0));
        Page personal = page(new Item(9, 3, 6, 0, 0, 0, Set.of("session")), new Item(50, 2, 5, 0, 0));
        HomePageEval.Visit hit = visit(1, 9, popular, personal, personal, 120);
        HomePageEval.Visit miss = visit(2, 77, popular, personal, popular, 300);
        HomePageEval.Visit notShown = visit(3, 9, popular, null, null, -1);
        // Category pages: the first visit's B (9) is 12th of 20 items before the click and 1st after it, by its clicks
        // in the last hour (without them, last); the second's B (77) is on neither.
        hit.categoryBefore = categoryPage(20, 9, 12);
        List<Item> after = new ArrayList<>(categoryPage(20, 9, 1).items());
        after.set(0, new Item(9, 20, 3, 0, 0, 0, Set.of(), 19.5));
        hit.categoryAfter = page(after.toArray(Item[]::new));
        miss.categoryBefore = categoryPage(5, 0, 0);
        miss.categoryAfter = categoryPage(5, 0, 0);

        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            HomeTally.print(List.of(hit, miss, notShown), 4, 10, 10_000, 0.5, List.of(0.25));
        } finally {
            System.setOut(out);
        }
        String text = printed.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("2 of 3 clicks shown within 10000 ms", "asked 120 / 300 / 300 ms",
                "2 pairs counted (left out: 1 not shown, 0 with a degraded page of the five asked)",
                "before the click 0, after it 1 (found by {session=1})", "is the one answered on 2 of 2 pages",
                "top 50 holds 2.0 categories on average, 1.0 items of its largest one");
        // B (9) is on the pages of the first visit after its click only: one pair the served page alone hits.
        assertThat(text).containsPattern("1 home page before the click +hit@10 +0 \\(0.00 %\\) \\[row 2 only 1, "
                        + "this only 0\\]")
                .containsPattern("6   the same, cap over the whole page +hit@10 +1 \\(50.00 %\\) \\[row 5 only 0, "
                        + "this only 0\\]")
                .containsPattern("home page showing the click, as served +hit@10 +1 \\(50.00 %\\)")
                .containsPattern("product page of A, after the click +hit@10 +1 \\(50.00 %\\)")
                .containsPattern("7 category page of B's category, before the click +hit@10 +0 \\(0.00 %\\) \\[row 8 "
                        + "only 1, this only 0\\]  hit@50 +1 \\(50.00 %\\) \\[row 8 only 0, this only 0\\]")
                .containsPattern("8 category page of B's category, after the click +hit@10 +1 \\(50.00 %\\)")
                .containsPattern("9   the same without category_popularity \\(ADR 94\\) +hit@10 +0 \\(0.00 %\\) "
                        + "\\[row 8 only 1, this only 0\\]  hit@50 +1 \\(50.00 %\\) \\[row 8 only 0, this only 0\\]")
                // Half the served weight: 20 - 19.5 / 2 = 10.25 still leads the page.
                .containsPattern("10   the same, popularity weight 0.25 +hit@10 +1 \\(50.00 %\\) "
                        + "\\[row 8 only 0, this only 0\\]");
        // 12.5 items answered on average; B on one page of 20 items: a random order puts it in the top 10 half the
        // time, in the top 50 always.
        assertThat(text).contains("12.5 items answered on average; B among them on 1 of 2; in a random order of those "
                + "answers B would be in the top 10 of 0.5 pages and the top 50 of 1.0 (expected); recomputed from "
                + "their scores (no cap) they are the ones answered on 2 of 2");
    }

    @Test
    void quantilesAreNearestRanks() {
        assertThat(HomeTally.quantile(new double[] {1, 2, 3, 4}, 0.5)).isEqualTo(2);
        assertThat(HomeTally.quantile(new double[] {1, 2, 3, 4}, 0.9)).isEqualTo(4);
        assertThat(HomeTally.quantile(new double[0], 0.5)).isZero();
    }

    @Test
    void optionsHaveDefaultsAndOutOfRangeOrUnknownOnesAreRefused() {
        HomeEvalOptions defaults = HomeEvalOptions.parse(new String[0]);
        assertThat(defaults).matches(o -> o.pairs() == 1000 && o.batch() == 20 && o.waitMs() == 10_000
                && o.capWindow() == 10 && o.maxPerCategory() == 4 && !o.help());
        assertThatThrownBy(() -> HomeEvalOptions.parse(new String[] {"--batch", "0"})).hasMessageContaining("not 0");
        assertThatThrownBy(() -> HomeEvalOptions.parse(new String[] {"--users", "own"}))
                .hasMessageContaining("--users");
        assertThat(defaults.usedStack()).isFalse();
        assertThat(defaults.popularityWeight()).isEqualTo(0.5);
        assertThat(defaults.popularityWeights()).containsExactly(0.25, 1.0, 2.0);
        assertThatThrownBy(() -> HomeEvalOptions.parse(new String[] {"--popularity-weight", "0"}))
                .hasMessageContaining("--popularity-weight");
        assertThat(HomeEvalOptions.parse(new String[] {"--used-stack", "true"}).usedStack()).isTrue();
        assertThatThrownBy(() -> HomeEvalOptions.parse(new String[] {"--used-stack", "yes"}))
                .hasMessageContaining("--used-stack is true or false, not yes");
    }

    private static Page page(Item... items) {
        return new Page(List.of(items), false, false, Map.of(), true, 0);
    }

    /** A category page of {@code n} items in score order, {@code b} at 1-based {@code place} (0: none). */
    private static Page categoryPage(int n, long b, int place) {
        Item[] items = new Item[n];
        for (int i = 0; i < n; i++) {
            items[i] = new Item(i + 1 == place ? b : 1000 + i, n - i, 3, 0, 0);
        }
        return page(items);
    }

    private static HomePageEval.Visit visit(long user, long b, Page before, Page after, Page product, double shownMs) {
        HomePageEval.Visit v = new HomePageEval.Visit(user, new long[] {1, b, 1, 6, 0, 3});
        v.before = before;
        v.after = after;
        v.product = product;
        v.shownMs = shownMs;
        return v;
    }
}
