package io.streamrank.ranking.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamrank.contract.catalog.CatalogItem;
import io.streamrank.contract.event.EventType;
import io.streamrank.contract.features.RecentItem;
import io.streamrank.contract.features.UserFeatures;
import io.streamrank.ranking.TestProperties;
import io.streamrank.ranking.catalog.CatalogColumns;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BusinessRulesTest {

    private static final long NOW = 1_800_000_000_000L;
    private static final long HOUR = Duration.ofHours(1).toMillis();

    private final UserFeatures user = new UserFeatures(List.of(
            new RecentItem(1, 9, EventType.BUY, NOW - HOUR),
            new RecentItem(2, 9, EventType.CLICK, NOW - HOUR),
            new RecentItem(3, 9, EventType.BUY, NOW - 30 * HOUR)), Map.of(), NOW - HOUR, NOW, NOW);
    private static final CatalogItem UNAVAILABLE = new CatalogItem(4, 9, NOW - 100 * HOUR, false, null, null);
    private static final CatalogItem AVAILABLE = new CatalogItem(5, 9, NOW - 100 * HOUR, true, null, null);

    @Test
    void recentPurchasesShownItemsAndUnavailableItemsAreDroppedAndCounted() {
        BusinessRules rules = new BusinessRules(TestProperties.load(Map.of()), new SimpleMeterRegistry());
        long[] ids = {1, 2, 3, 4, 5, 6, 7};
        CatalogColumns catalog = CatalogColumns.of(null, null, null, UNAVAILABLE, AVAILABLE, null, null);
        BusinessRules.Filtered f = rules.filter(ids, ItemIdSet.EMPTY, user, ItemIdSet.of(6L), catalog, NOW);
        // 3 was bought 30 h ago: outside the 24 h window. 7 is not in the catalog: not known to be unavailable.
        // Kept are positions in the candidate array: items 2, 3, 5 and 7.
        assertThat(kept(f)).containsExactly(1, 2, 4, 6);
        assertThat(f.dropped()).containsExactly(Map.entry("bought", 1), Map.entry("shown", 1),
                Map.entry("unavailable", 1));
    }

    @Test
    void itemsTheRequestExcludesAreDroppedFirstAndCountedUnderTheirOwnName() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        BusinessRules rules = new BusinessRules(TestProperties.load(Map.of()), meters);
        long[] ids = {1, 2, 5, 6, 8};
        CatalogColumns catalog = CatalogColumns.of(null, null, AVAILABLE, null, null);

        // 1 was also bought and 6 also shown: each drop is counted once, under the request's own reason.
        BusinessRules.Filtered f = rules.filter(ids, ItemIdSet.of(1, 6, 8, 99), user, ItemIdSet.of(6L), catalog, NOW);

        assertThat(kept(f)).containsExactly(1, 2);
        assertThat(f.dropped()).containsExactly(Map.entry("excluded", 3));
        assertThat(meters.get("streamrank.rules.applied").tag("rule", "excluded").counter().count()).isEqualTo(3);
        assertThat(meters.get("streamrank.rules.applied").tag("rule", "bought").counter().count()).isZero();
    }

    @Test
    void theUncountedRulesDropAndCapTheSameItemsButCountNothing() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        BusinessRules rules = new BusinessRules(TestProperties.load(Map.of("streamrank.rules.max-per-category", "2",
                "streamrank.rules.category-cap-backfill", "false")), meters);
        BusinessRules uncounted = rules.counting(false);
        long[] ids = {1, 2, 5, 6, 8};
        CatalogColumns catalog = CatalogColumns.of(null, null, AVAILABLE, null, null);
        long[] categories = {9, 9, 9, 9, 9};
        double[] scores = {5, 4, 3, 2, 1};

        BusinessRules.Filtered f = uncounted.filter(ids, ItemIdSet.of(8), user, ItemIdSet.of(6L), catalog, NOW);
        uncounted.droppedOutsideCategory(f.dropped(), 2);
        uncounted.countBoosted(3);
        uncounted.countContextSimilarity(4);
        uncounted.countDegraded(BusinessRules.EXCLUDED, 5);
        int[] page = uncounted.categoryCap().select(scores, categories, 4).order();

        // Applied as by the counted rules (1 bought, 6 shown, 8 excluded; two items per category) ...
        assertThat(kept(f)).containsExactly(1, 2);
        assertThat(f.dropped()).containsExactly(Map.entry("excluded", 1), Map.entry("bought", 1),
                Map.entry("shown", 1), Map.entry("outside_category", 2));
        assertThat(page).containsExactly(0, 1);
        // ... but nothing reached the meters,
        assertThat(meters.get("streamrank.rules.applied").counters()).hasSize(9)
                .allSatisfy(c -> assertThat(c.count()).as(c.getId().getTag("rule")).isZero());
        // where the counted rules' same page counts the three items it held back.
        assertThat(rules.categoryCap().select(scores, categories, 4).order()).containsExactly(page);
        assertThat(meters.get("streamrank.rules.applied").tag("rule", "category_cap").counter().count())
                .isEqualTo(3);
        assertThat(rules.counting(true)).isSameAs(rules);
        assertThat(uncounted.counting(false)).isSameAs(uncounted);
        assertThat(uncounted.counting(true)).isSameAs(rules);
    }

    @Test
    void eachFilterCanBeSwitchedOff() {
        BusinessRules rules = new BusinessRules(TestProperties.load(Map.of("streamrank.rules.drop-bought", "false",
                "streamrank.rules.drop-shown", "false", "streamrank.rules.drop-unavailable", "false")),
                new SimpleMeterRegistry());
        long[] ids = {1, 4, 6};
        CatalogColumns catalog = CatalogColumns.of(null, UNAVAILABLE, null);
        assertThat(kept(rules.filter(ids, ItemIdSet.EMPTY, user, ItemIdSet.of(6L), catalog, NOW))).containsExactly(0, 1, 2);
    }

    @Test
    void newItemsGetABoostThatDecaysToNothingOverTheWindow() {
        BusinessRules rules = new BusinessRules(TestProperties.load(Map.of("streamrank.rules.new-item-boost", "2.0")),
                new SimpleMeterRegistry());
        assertThat(boost(rules, new CatalogItem(1, 1, NOW, true, null, null))).isEqualTo(2.0);
        assertThat(boost(rules, new CatalogItem(1, 1, NOW - 12 * HOUR, true, null, null)))
                .isCloseTo(1.5, within(1e-9));
        assertThat(boost(rules, new CatalogItem(1, 1, NOW - 48 * HOUR, true, null, null))).isZero();
        assertThat(boost(rules, null)).as("not in the catalog").isZero();
        assertThat(boost(rules, new CatalogItem(1, 1, NOW, false, null, null))).as("unavailable").isZero();
        BusinessRules off = new BusinessRules(TestProperties.load(Map.of("streamrank.rules.new-item-boost", "0")),
                new SimpleMeterRegistry());
        assertThat(boost(off, new CatalogItem(1, 1, NOW, true, null, null))).isZero();
    }

    /** The boost of the item at the second position of a request's catalog fields, after another item. */
    private static double boost(BusinessRules rules, CatalogItem item) {
        return rules.newItemBoost(CatalogColumns.of(AVAILABLE, item), 1, NOW);
    }

    private static int[] kept(BusinessRules.Filtered f) {
        return Arrays.copyOf(f.positions(), f.size());
    }

    @Test
    void aCapWindowNoLongerThanTheCapIsRefusedSinceItWouldNeverCap() {
        try (ValidatorFactory factory = Validation.buildDefaultValidatorFactory()) {
            Validator validator = factory.getValidator();
            assertThat(validator.validate(TestProperties.load(Map.of()))).isEmpty();
            assertThat(validator.validate(TestProperties.load(Map.of("streamrank.rules.category-cap-window", "0"))))
                    .isEmpty();
            assertThat(validator.validate(TestProperties.load(Map.of("streamrank.rules.category-cap-window", "4"))))
                    .extracting(v -> v.getPropertyPath() + " " + v.getMessage())
                    .containsExactly("rules.categoryCapWindow must be 0 (the whole page) or longer than max-per-category (4)");
            assertThat(validator.validate(TestProperties.load(Map.of("streamrank.rules.category-cap-window", "1"))))
                    .hasSize(1);
            assertThat(validator.validate(TestProperties.load(Map.of("streamrank.rules.category-cap-window", "5"))))
                    .isEmpty();
            assertThat(validator.validate(TestProperties.load(Map.of("streamrank.rules.category-cap-window", "4",
                    "streamrank.rules.max-per-category", "0")))).isEmpty();
        }
    }

}
