package io.streamrank.ranking.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamrank.contract.model.ItemCategories;
import io.streamrank.contract.model.ModelStore;
import io.streamrank.ranking.LiveFixture;
import io.streamrank.ranking.LiveServiceBase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A candidate that has no live features and that the catalog does not hold is scored and capped under the category
 * the serving version was trained with ({@code item_categories.bin}, ADR 82), not under 0. Category 20 of the fixture
 * has neither features in Redis nor catalog entries; the served version is a real trained one.
 */
class CategoryFromModelIT extends LiveServiceBase {

    private static final long CATEGORY = 20;

    @Test
    void aCandidateWithoutLiveFeaturesOrACatalogEntryIsScoredAndCappedUnderItsTrainingCategory() throws Exception {
        ItemCategories exported = servedVersionCategories();
        List<Long> known = sixOfCategory(exported);
        assertThat(known).as("items of category %d the version was trained on", CATEGORY).hasSize(6);
        long neverSeen = CATEGORY * 1000 + 999;
        assertThat(exported.category(neverSeen)).isZero();
        double before = counter("streamrank_category_fallbacks_total\\{[^}]*source=\"model\"[^}]*}");

        List<Long> candidates = new ArrayList<>(known);
        candidates.add(neverSeen);
        candidates.add(12_001L); // live features
        candidates.add(12_901L); // in the catalog only
        // k = every candidate: four of category 20 fill its cap, the other two come back only as backfill.
        JsonNode body = ok(post("/v1/recommendations", "{\"userId\":820001,\"k\":9,\"explain\":true,\"candidates\":"
                + candidates + "}"));

        assertThat(body.get("degraded").asBoolean()).isFalse();
        int capped = 0;
        for (long id : known) {
            JsonNode why = item(body, id).get("explanation");
            assertThat(why.get("categoryId").asLong()).as("item %d", id).isEqualTo(exported.category(id))
                    .isEqualTo(CATEGORY);
            assertThat(why.get("categorySource").asText()).isEqualTo("model");
            for (JsonNode a : why.get("adjustments")) {
                capped += a.get("rule").asText().equals("category_cap") ? 1 : 0;
            }
        }
        assertThat(capped).as("items of category 20 admitted over the cap of 4, as backfill").isEqualTo(2);
        JsonNode unknown = item(body, neverSeen).get("explanation");
        assertThat(unknown.get("categoryId").asLong()).isZero();
        assertThat(unknown.get("categorySource").asText()).isEqualTo("unknown");
        assertThat(unknown.get("adjustments")).isEmpty();
        assertThat(item(body, 12_001).get("explanation").get("categorySource").asText()).isEqualTo("features");
        assertThat(item(body, 12_901).get("explanation").get("categorySource").asText()).isEqualTo("catalog");

        assertThat(counter("streamrank_category_fallbacks_total\\{[^}]*source=\"model\"[^}]*}")).isGreaterThanOrEqualTo(
                before + known.size());
    }

    @Test
    void onACategoryPageAnItemKnownOnlyToTheModelIsOfItsTrainingCategoryAndNothingIsCapped() throws Exception {
        List<Long> ofCategory = sixOfCategory(servedVersionCategories());
        assertThat(ofCategory).as("more than the cap of 4").hasSize(6);
        List<Long> candidates = new ArrayList<>(ofCategory);
        candidates.add(CATEGORY * 1000 + 999); // no category known anywhere
        candidates.add(12_001L); // category 12 by its live features

        JsonNode body = ok(post("/v1/recommendations", "{\"userId\":820002,\"k\":9,\"explain\":true,\"categoryId\":"
                + CATEGORY + ",\"candidates\":" + candidates + "}"));

        // All six, over the cap of 4 and none of them as backfill: a category page is not capped.
        assertThat(itemIds(body)).containsExactlyInAnyOrderElementsOf(ofCategory);
        body.get("items").forEach(i -> assertThat(i.get("explanation").get("adjustments")).isEmpty());
        assertThat(body.get("explanation").get("dropped").get("outside_category").asInt()).isEqualTo(2);
    }

    @Test
    void aCategoryPageOfACategoryWithNoTrendingOrPopularItemsRanksTheItemsTheModelKnowsOfIt() throws Exception {
        awaitAnnIndex();
        ItemCategories exported = servedVersionCategories();
        List<Long> ofCategory = new ArrayList<>();
        for (int i = 0; i < exported.count(); i++) {
            if (exported.categoryAt(i) == CATEGORY) {
                ofCategory.add(exported.id(i));
            }
        }
        assertThat(ofCategory).as("items of category %d the version was trained on", CATEGORY).hasSizeGreaterThan(6);
        double before = counter("streamrank_retrieval_candidates_sum\\{[^}]*source=\"category\"[^}]*}");

        // Category 20 has nothing in Redis: no trending or new items and none among the popular ones. Before ADR 88 a
        // new shopper's page of it was empty; now the model's items of it are retrieved and ranked.
        JsonNode body = ok(get("/v1/recommendations?userId=820003&k=200&explain=true&categoryId=" + CATEGORY));

        assertThat(body.get("degraded").asBoolean()).isFalse();
        // The fixture's version has a vector for each of its items, so the index holds them all.
        assertThat(itemIds(body)).as("every item of category 20 the version knows, none of another")
                .containsExactlyInAnyOrderElementsOf(ofCategory);
        for (JsonNode i : body.get("items")) {
            assertThat(sources(i)).contains("category");
            assertThat(i.get("explanation").get("categoryId").asLong()).isEqualTo(CATEGORY);
        }
        assertThat(counter("streamrank_retrieval_candidates_sum\\{[^}]*source=\"category\"[^}]*}"))
                .isEqualTo(before + ofCategory.size());
    }

    /** Six items the version was trained on under {@link #CATEGORY} (fewer if it knows fewer). */
    private static List<Long> sixOfCategory(ItemCategories exported) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < exported.count() && out.size() < 6; i++) {
            if (exported.categoryAt(i) == CATEGORY) {
                out.add(exported.id(i));
            }
        }
        return out;
    }

    /** The table of the version the service serves (the fixture's store holds that one version). */
    private static ItemCategories servedVersionCategories() throws Exception {
        ModelStore store = new ModelStore(LiveFixture.get().models);
        return ItemCategories.read(store.itemCategoriesFile(store.newestVersion().orElseThrow()));
    }
}
