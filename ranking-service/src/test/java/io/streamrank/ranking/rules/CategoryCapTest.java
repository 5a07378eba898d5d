package io.streamrank.ranking.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CategoryCapTest {

    private final Counter heldBack = new SimpleMeterRegistry().counter("held");

    @Test
    void noCategoryHasMoreThanTheCapInTheTopK() {
        double[] scores = {9, 8, 7, 6, 5, 4, 3};
        long[] cats = {1, 1, 1, 2, 1, 2, 3};
        CategoryCap.Selection s = new CategoryCap(2, 0, false, heldBack).select(scores, cats, 4);
        assertThat(s.order()).containsExactly(0, 1, 3, 5);
        assertThat(s.backfilled()).containsOnly(false);
        assertThat(heldBack.count()).isEqualTo(2.0);
    }

    @Test
    void backfillFillsThePageWithTheBestHeldBackItemsInScoreOrder() {
        double[] scores = {9, 8, 7, 6, 5};
        long[] cats = {1, 1, 1, 1, 2};
        CategoryCap.Selection s = new CategoryCap(2, 0, true, heldBack).select(scores, cats, 4);
        assertThat(s.order()).containsExactly(0, 1, 2, 4);
        assertThat(s.backfilled()).containsExactly(false, false, true, false);
    }

    @Test
    void withoutBackfillThePageMayBeShorterThanK() {
        CategoryCap.Selection s = new CategoryCap(1, 0, false, heldBack).select(new double[] {3, 2, 1},
                new long[] {1, 1, 1}, 3);
        assertThat(s.order()).containsExactly(0);
    }

    @Test
    void unknownCategoriesAndADisabledCapAreNotCapped() {
        assertThat(new CategoryCap(1, 0, false, heldBack).select(new double[] {3, 2, 1}, new long[] {0, 0, 0}, 3)
                .order()).containsExactly(0, 1, 2);
        assertThat(new CategoryCap(0, 0, false, heldBack).select(new double[] {1, 3, 2}, new long[] {5, 5, 5}, 2)
                .order()).containsExactly(1, 2);
    }

    @Test
    void tiesKeepRetrievalOrder() {
        CategoryCap.Selection s = new CategoryCap(0, 0, false, heldBack).select(new double[] {1, 2, 2, 1, 2},
                new long[] {1, 2, 3, 4, 5}, 4);
        assertThat(s.order()).containsExactly(1, 2, 4, 0);
    }

    @Test
    void aLongPageCapsEveryWindowAndReturnsAHeldBackItemOnceTheWindowSlidPastItsCategory() {
        // Category 1 holds the six best items: with 2 per 3 places, places 0-1 are 1s, place 2 the best other item,
        // place 3 a 1 again (the window is places 1-3), and so on; a whole-page cap would stop at two 1s.
        double[] scores = {9, 8, 7, 6, 5, 4, 3, 2, 1};
        long[] cats = {1, 1, 1, 1, 1, 1, 2, 3, 4};
        CategoryCap.Selection s = new CategoryCap(2, 3, false, heldBack).select(scores, cats, 8);
        assertThat(s.order()).containsExactly(0, 1, 6, 2, 3, 7, 4, 5);
        assertThat(s.backfilled()).containsOnly(false);
        assertThat(new CategoryCap(2, 0, false, heldBack).select(scores, cats, 8).order())
                .containsExactly(0, 1, 6, 7, 8);
    }

    @Test
    void whenNoItemFitsAPlaceTheBestHeldBackOneFillsItAndTheWindowGoesOn() {
        // Only category 1: 1 per 2 places. Place 1 fits nothing and is backfilled with item 1; place 2's window
        // (places 1-2) then holds that backfilled 1, so place 2 is backfilled too, and so on.
        CategoryCap.Selection s = new CategoryCap(1, 2, true, heldBack).select(new double[] {4, 3, 2, 1},
                new long[] {1, 1, 1, 1}, 3);
        assertThat(s.order()).containsExactly(0, 1, 2);
        assertThat(s.backfilled()).containsExactly(false, true, true);
        // With another category to take turns, the cap holds without backfill.
        CategoryCap.Selection mixed = new CategoryCap(1, 2, true, heldBack).select(new double[] {4, 3, 2, 1},
                new long[] {1, 1, 2, 2}, 4);
        assertThat(mixed.order()).containsExactly(0, 2, 1, 3);
        assertThat(mixed.backfilled()).containsOnly(false);
    }

    @Test
    void aWindowAsLongAsThePageCapsItAsAWhole() {
        double[] scores = {9, 8, 7, 6, 5, 4, 3};
        long[] cats = {1, 1, 1, 2, 1, 2, 3};
        assertThat(new CategoryCap(2, 4, false, heldBack).select(scores, cats, 4).order())
                .containsExactly(new CategoryCap(2, 0, false, heldBack).select(scores, cats, 4).order());
    }

    @Test
    void whatStaysOffThePageIsCountedNotWhatTheWindowOnlyMovedDown() {
        double[] scores = {9, 8, 7, 6, 5};
        long[] cats = {1, 1, 1, 2, 2};
        // 1 per 2 places: 0 (a 1), 3 (a 2: the window holds a 1), 1 (back once 0 left the window), 4; item 2 is
        // moved down past the page's end and counted, item 1 only moved down.
        CategoryCap.Selection s = new CategoryCap(1, 2, false, heldBack).select(scores, cats, 4);
        assertThat(s.order()).containsExactly(0, 3, 1, 4);
        assertThat(heldBack.count()).isEqualTo(1.0);
    }

    /**
     * The heap selection against the plain definition (each place takes the best item, ties in retrieval order, that
     * the window leaves room for; a whole page's backfill merged in by score, a sliding window's in the place no item
     * fits), on random pages with many ties and few categories
     * so that the cap, the window and the backfill all bite.
     */
    @Test
    void selectsWhatThePlainDefinitionWouldSelect() {
        Random random = new Random(7);
        for (int trial = 0; trial < 4_000; trial++) {
            int n = 1 + random.nextInt(60);
            double[] scores = new double[n];
            long[] cats = new long[n];
            for (int i = 0; i < n; i++) {
                scores[i] = random.nextInt(8);
                cats[i] = random.nextInt(5);
            }
            int cap = random.nextInt(4);
            boolean backfill = random.nextBoolean();
            int k = 1 + random.nextInt(20);
            int window = random.nextBoolean() ? 0 : 1 + random.nextInt(k + 2);
            Counter counted = new SimpleMeterRegistry().counter("held");
            CategoryCap.Selection s = new CategoryCap(cap, window, backfill, counted).select(scores, cats, k);
            Expected expected = reference(scores, cats, k, cap, window, backfill);
            assertThat(s.order()).as("trial %d", trial).containsExactly(expected.selection().order());
            assertThat(s.backfilled()).as("trial %d", trial).containsExactly(expected.selection().backfilled());
            assertThat(counted.count()).as("trial %d", trial).isEqualTo(expected.heldBack());
        }
    }

    /** The selection, and how many items the cap kept off the page among those ranked above the page's last. */
    private record Expected(CategoryCap.Selection selection, int heldBack) {
    }

    /**
     * Held back are the items left off the page that rank above the last item the page took in score order (the
     * selection looked no further), or every item left off when it ran out of items to look at.
     */
    private static Expected reference(double[] scores, long[] cats, int k, int cap, int window, boolean backfill) {
        Integer[] byScore = new Integer[scores.length];
        Arrays.setAll(byScore, i -> i);
        Comparator<Integer> best = (a, b) -> Double.compare(scores[b], scores[a]) != 0
                ? Double.compare(scores[b], scores[a]) : Integer.compare(a, b);
        Arrays.sort(byScore, best);
        List<Integer> chosen = new ArrayList<>();
        List<Integer> left = new ArrayList<>(List.of(byScore));
        boolean sliding = cap > 0 && window > 0 && window < Math.min(k, scores.length);
        boolean[] inPlace = new boolean[k];
        while (chosen.size() < k) {
            int from = sliding ? Math.max(0, chosen.size() - window + 1) : 0;
            List<Integer> inWindow = chosen.subList(from, chosen.size());
            Integer pick = left.stream().filter(idx -> cap == 0 || cats[idx] == 0
                    || inWindow.stream().filter(c -> cats[c] == cats[idx]).count() < cap).findFirst().orElse(null);
            if (pick == null && sliding && backfill && !left.isEmpty()) {
                // A sliding window's page fills a place no item fits with the best one left, and goes on.
                pick = left.get(0);
                inPlace[chosen.size()] = true;
            }
            if (pick == null) {
                break;
            }
            chosen.add(pick);
            left.remove(pick);
        }
        List<Integer> ranked = List.of(byScore);
        int deepest = chosen.stream().mapToInt(ranked::indexOf).max().orElse(-1);
        int ranAbove = (int) left.stream().filter(idx -> ranked.indexOf(idx) < deepest).count();
        if (sliding) {
            // A sliding page backfills only once it has looked at every item.
            boolean ranOut = chosen.size() < Math.min(k, scores.length) || Arrays.toString(inPlace).contains("true");
            return new Expected(new CategoryCap.Selection(chosen.stream().mapToInt(Integer::intValue).toArray(),
                    Arrays.copyOf(inPlace, chosen.size())), ranOut ? left.size() : ranAbove);
        }
        List<Integer> filled = backfill ? left.subList(0, Math.min(left.size(), k - chosen.size())) : List.of();
        List<Integer> all = new ArrayList<>();
        boolean[] marks = new boolean[chosen.size() + filled.size()];
        int c = 0;
        int f = 0;
        while (c + f < marks.length) {
            boolean takeFilled = c == chosen.size() || (f < filled.size() && best.compare(filled.get(f), chosen.get(c)) < 0);
            marks[c + f] = takeFilled;
            all.add(takeFilled ? filled.get(f++) : chosen.get(c++));
        }
        return new Expected(new CategoryCap.Selection(all.stream().mapToInt(Integer::intValue).toArray(), marks),
                chosen.size() == k ? ranAbove : left.size() - filled.size());
    }
}
