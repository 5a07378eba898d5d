package io.streamrank.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProductPageEvalTest {

    @TempDir
    Path dir;

    @Test
    void theContextRulesPartsAreReadFromTheExplanationAndTakenOutOrReweighedPerOrder() throws Exception {
        ExplainedPages.Page page = ExplainedPages.page(new ObjectMapper().readTree("""
                {"degraded":false,"items":[
                 {"itemId":1,"score":1.5,"explanation":{"categoryId":7,"adjustments":[
                   {"rule":"context_similarity","delta":0.9,"note":"similarity 0.9 to the page's item 5"}]}},
                 {"itemId":2,"score":1.2,"explanation":{"categoryId":8,"adjustments":[
                   {"rule":"new_item_boost","delta":0.5,"note":"listed 1 h ago"},
                   {"rule":"context_similarity","delta":0.6,
                    "note":"no embedding: similarity 0.6 of category 8's items"}]}},
                 {"itemId":3,"score":1.0,"explanation":{"categoryId":9,"adjustments":[]}}]}"""));

        assertThat(page.moved()).isTrue();
        assertThat(page.degraded()).isFalse();
        assertThat(page.items()).containsExactly(new ExplainedPages.Item(1, 1.5, 7, 0.9, 0),
                new ExplainedPages.Item(2, 1.2, 8, 0.6, 0.6, 0.5, Set.of()), new ExplainedPages.Item(3, 1.0, 9, 0, 0));
        List<ExplainedPages.Order> orders = ProductPageEval.orders(1.0, List.of(0.0, 3.0));
        // As served 1, 2, 3; 2 without its category's similarity 0.6 (1, 3, 2); without the rule 1 0.6, 2 0.6, 3 1.0;
        // at weight 3: 1 3.3, 2 2.4, 3 1.0.
        assertThat(ExplainedPages.top(page.items(), orders.get(0), 3, 4, 0)).containsExactly(1L, 2L, 3L);
        assertThat(ExplainedPages.top(page.items(), orders.get(1), 3, 4, 0)).containsExactly(1L, 3L, 2L);
        assertThat(ExplainedPages.top(page.items(), orders.get(2), 1, 4, 0)).containsExactly(3L);
        assertThat(orders.get(3).score().applyAsDouble(page.items().get(1))).isCloseTo(2.4, within(1e-9));
    }

    @Test
    void aDegradedAnswerOrOneTheRuleDidNotMoveIsMarked() throws Exception {
        ExplainedPages.Page degraded = ExplainedPages.page(new ObjectMapper().readTree(
                "{\"degraded\":true,\"items\":[{\"itemId\":1,\"score\":1.0}]}"));
        ExplainedPages.Page unmoved = ExplainedPages.page(new ObjectMapper().readTree(
                "{\"items\":[{\"itemId\":1,\"score\":1.0,\"explanation\":{\"categoryId\":7,\"adjustments\":[]}}]}"));

        assertThat(degraded.degraded()).isTrue();
        assertThat(degraded.items()).containsExactly(new ExplainedPages.Item(1, 1.0, 0, 0, 0));
        assertThat(unmoved.degraded()).isFalse();
        assertThat(unmoved.moved()).isFalse();
    }

    @Test
    void theTopHoldsAtMostTheCapPerKnownCategoryAndACapOf0IsNone() {
        List<ExplainedPages.Item> page = List.of(new ExplainedPages.Item(1, 5, 7, 0, 0),
                new ExplainedPages.Item(2, 4, 7, 0, 0), new ExplainedPages.Item(3, 3, 7, 0, 0),
                new ExplainedPages.Item(4, 2, 0, 0, 0), new ExplainedPages.Item(5, 1, 0, 0, 0));
        ExplainedPages.Order served = ProductPageEval.orders(1.0, List.of()).get(0);

        assertThat(ExplainedPages.top(page, served, 4, 2, 0)).containsExactly(1L, 2L, 4L, 5L);
        assertThat(ExplainedPages.top(page, served, 4, 0, 0)).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void pairsAreOneShoppersConsecutiveViewsOfAKnownItemAndAnotherWithinHalfAnHour() throws Exception {
        Path day = Files.writeString(dir.resolve("day.csv"), String.join("\n",
                "1,10,7,pv,1000", "1,11,7,pv,1100", // a pair
                "1,12,7,buy,1150", // not a view
                "1,11,7,pv,1200", // the same item again: no pair
                "1,13,7,pv,3000", // 30 min later: a pair (11 -> 13)
                "1,10,7,pv,4801", // 30 min and 1 s later: no pair
                "2,20,8,pv,1000", "2,10,7,pv,1060", // 20 is not known: no pair
                "2,30,8,pv,1070", // 10 -> 30 a pair
                "truncated,line"));

        List<long[]> pairs = ViewPairs.of(day, Set.of(10L, 11L, 13L), 0);

        assertThat(pairs).containsExactly(new long[] {10, 11, 1, 7, 1_000_000, 7},
                new long[] {11, 13, 1, 7, 1_200_000, 7}, new long[] {10, 30, 2, 7, 1_060_000, 8});
        assertThat(ViewPairs.onePerUser(pairs)).containsExactly(new long[] {10, 11, 1, 7, 1_000_000, 7},
                new long[] {10, 30, 2, 7, 1_060_000, 8});
        assertThat(BenchData.itemCategories(day).keySet()).containsExactlyInAnyOrder(10L, 11L, 12L, 13L, 20L, 30L);
        // After the first seven events (the stack replayed them), only user 2's 10 -> 30 is left: 2's view of 20
        // before the cut pairs with nothing after it.
        assertThat(ViewPairs.of(day, Set.of(10L, 11L, 13L, 20L), 7))
                .containsExactly(new long[] {10, 30, 2, 7, 1_060_000, 8});
    }

    @Test
    void optionsHaveDefaultsAndUnknownOnesNonNumbersAndOutOfRangeValuesAreRefused() {
        EvalOptions defaults = EvalOptions.parse(new String[0]);
        assertThat(defaults.pairs()).isEqualTo(4000);
        assertThat(defaults.candidates()).isEqualTo(200);
        assertThat(defaults.weights()).containsExactly(0.0, 0.5, 2.0, 4.0);
        assertThat(defaults.own()).isFalse();
        assertThat(defaults.capWindow()).isEqualTo(10);
        assertThat(EvalOptions.parse(new String[] {"--users", "own", "--help"})).matches(o -> o.own() && o.help());

        assertThatThrownBy(() -> EvalOptions.parse(new String[] {"--pair", "10"})).hasMessageContaining("--pair");
        assertThatThrownBy(() -> EvalOptions.parse(new String[] {"--pairs", "ten"}))
                .hasMessageContaining("--pairs takes a whole number 1..");
        assertThatThrownBy(() -> EvalOptions.parse(new String[] {"--pairs", "0"})).hasMessageContaining("not 0");
        assertThatThrownBy(() -> EvalOptions.parse(new String[] {"--candidates", "1001"}))
                .hasMessageContaining("not 1001");
        assertThatThrownBy(() -> EvalOptions.parse(new String[] {"--weights", "1,x"})).hasMessageContaining("not x");
        assertThatThrownBy(() -> EvalOptions.parse(new String[] {"--served-weight", "0"}))
                .hasMessageContaining("--served-weight");
        assertThatThrownBy(() -> EvalOptions.parse(new String[] {"--users", "all"}))
                .hasMessageContaining("--users is anonymous or own");
    }
}
