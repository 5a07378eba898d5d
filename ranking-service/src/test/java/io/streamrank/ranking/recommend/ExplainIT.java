package io.streamrank.ranking.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamrank.contract.model.ItemCategories;
import io.streamrank.contract.model.ItemEmbeddings;
import io.streamrank.contract.model.ModelStore;
import io.streamrank.ranking.LiveFixture;
import io.streamrank.ranking.LiveServiceBase;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** {@code explain=true}: per item its sources, model score, rule adjustments and the age of the features used. */
class ExplainIT extends LiveServiceBase {

    @Test
    void eachItemExplainsItsSourcesScoreAdjustmentsAndFeatureAges() throws Exception {
        JsonNode body = ok(post("/v1/recommendations", "{\"userId\":21,\"k\":10,\"explain\":true,"
                + "\"candidates\":[12001,14001,12900,99999]}"));
        assertThat(body.get("modelVersion").asText()).startsWith("v");
        assertThat(body.get("explanation").get("retrievedBySource").get("request").asInt()).isEqualTo(4);
        assertThat(body.get("explanation").get("scored").asInt()).isEqualTo(4);

        JsonNode live = item(body, 12_001).get("explanation");
        assertThat(sources(item(body, 12_001))).containsExactly("request");
        assertThat(live.get("modelScore").isNumber()).isTrue();
        assertThat(item(body, 12_001).get("score").asDouble()).isEqualTo(live.get("modelScore").asDouble());
        assertThat(live.get("adjustments")).isEmpty();
        assertThat(live.get("categoryId").asLong()).isEqualTo(12);
        assertThat(live.get("categorySource").asText()).isEqualTo("features");
        JsonNode ages = live.get("featureAges");
        long sinceSeed = System.currentTimeMillis() - LiveFixture.NOW;
        assertThat(ages.get("userMs").asLong()).isBetween(0L, sinceSeed + 1_000);
        assertThat(ages.get("userUsed").asBoolean()).isTrue();
        assertThat(ages.get("itemMs").asLong()).isBetween(0L, sinceSeed + 1_000);
        assertThat(ages.get("itemUsed").asBoolean()).isTrue();

        JsonNode stale = item(body, 14_001).get("explanation").get("featureAges");
        assertThat(stale.get("itemMs").asLong()).as("written 3 h ago").isGreaterThanOrEqualTo(3 * LiveFixture.HOUR);
        assertThat(stale.get("itemUsed").asBoolean()).as("older than the 2 h max age").isFalse();

        JsonNode unknown = item(body, 99_999).get("explanation");
        assertThat(unknown.get("featureAges").has("itemMs")).isFalse();
        assertThat(unknown.get("featureAges").get("itemUsed").asBoolean()).isFalse();
        assertThat(unknown.get("categoryId").asLong()).isZero();
        assertThat(unknown.get("categorySource").asText()).as("neither Redis, the catalog nor the model knows it")
                .isEqualTo("unknown");

        JsonNode boosted = item(body, 12_900).get("explanation");
        assertThat(boosted.get("categoryId").asLong()).as("from the catalog").isEqualTo(12);
        assertThat(boosted.get("categorySource").asText()).isEqualTo("catalog");
        assertThat(boosted.get("adjustments").get(0).get("rule").asText()).isEqualTo("new_item_boost");
    }

    @Test
    void onAProductPageEachCandidateMovesByItsSimilarityToThePagesItem() throws Exception {
        awaitAnnIndex();
        ModelStore store = new ModelStore(LiveFixture.get().models);
        ItemEmbeddings e = ItemEmbeddings.read(store.itemEmbeddingsFile(store.newestVersion().orElseThrow()));
        long page = e.id(0);
        List<Long> candidates = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            candidates.add(e.id(i * (e.count() / 7)));
        }
        candidates.add(99_999L); // no embedding, no category known: left as the model scored it
        // No embedding (newer than the version), of category 12 in the catalog: it moves by that category's mean
        // similarity (ADR 91).
        candidates.add(12_900L);
        assertThat(e.contains(12_900)).isFalse();
        ItemCategories table = ItemCategories.read(store.itemCategoriesFile(store.newestVersion().orElseThrow()));
        double categoryMean = IntStream.range(0, table.count())
                .filter(i -> table.categoryAt(i) == 12 && e.contains(table.id(i)))
                .mapToDouble(i -> cosine(e.vector(page), e.vector(table.id(i)))).average().orElseThrow();
        double before = counter("streamrank_rules_applied_total\\{[^}]*rule=\"context_similarity\"[^}]*}");

        JsonNode body = ok(post("/v1/recommendations", "{\"userId\":424260,\"k\":8,\"explain\":true,\"contextItemId\":"
                + page + ",\"candidates\":" + candidates + "}"));

        for (long id : candidates.subList(0, 6)) {
            JsonNode why = item(body, id).get("explanation");
            double expected = cosine(e.vector(page), e.vector(id)); // context-similarity-weight 1.0
            double delta = 0;
            double moved = Double.NaN;
            for (JsonNode a : why.get("adjustments")) {
                delta += a.get("delta").asDouble();
                if (a.get("rule").asText().equals("context_similarity")) {
                    moved = a.get("delta").asDouble();
                    assertThat(a.get("note").asText()).endsWith("to the page's item " + page);
                }
            }
            assertThat(moved).as("item %d", id).isCloseTo(expected, Offset.offset(1e-4));
            assertThat(item(body, id).get("score").asDouble())
                    .isCloseTo(why.get("modelScore").asDouble() + delta, Offset.offset(1e-4));
        }
        assertThat(item(body, 99_999).get("explanation").get("adjustments")).isEmpty();
        JsonNode newer = item(body, 12_900).get("explanation");
        JsonNode byCategory = null;
        for (JsonNode a : newer.get("adjustments")) {
            byCategory = a.get("rule").asText().equals("context_similarity") ? a : byCategory;
        }
        assertThat(byCategory).as("12900 moved by its category").isNotNull();
        assertThat(byCategory.get("delta").asDouble()).isCloseTo(categoryMean, Offset.offset(1e-4));
        assertThat(byCategory.get("note").asText()).startsWith("no embedding: similarity ")
                .endsWith(" of category 12's items to the page's item " + page);
        assertThat(counter("streamrank_rules_applied_total\\{[^}]*rule=\"context_similarity\"[^}]*}"))
                .isEqualTo(before + 7);

        // The same candidates on another page: nothing moves.
        JsonNode home = ok(post("/v1/recommendations", "{\"userId\":424261,\"k\":7,\"explain\":true,\"candidates\":"
                + candidates + "}"));
        assertThat(home.get("items")).hasSize(7);
        home.get("items").forEach(i -> i.get("explanation").get("adjustments")
                .forEach(a -> assertThat(a.get("rule").asText()).isNotEqualTo("context_similarity")));
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    @Test
    void featuresOlderThanTheirMaxAgeCountAsMissingAndAreCounted() throws Exception {
        // User 9's value was written 25 h ago (max age 24 h).
        JsonNode body = ok(post("/v1/recommendations",
                "{\"userId\":9,\"k\":2,\"explain\":true,\"candidates\":[12001,14001]}"));
        JsonNode ages = item(body, 12_001).get("explanation").get("featureAges");
        assertThat(ages.get("userMs").asLong()).isGreaterThanOrEqualTo(25 * LiveFixture.HOUR);
        assertThat(ages.get("userUsed").asBoolean()).isFalse();

        String metrics = get("/actuator/prometheus").body();
        assertThat(metrics).containsPattern("streamrank_features_stale_total\\{kind=\"user\"[^}]*} [1-9]")
                .containsPattern("streamrank_features_stale_total\\{kind=\"item\"[^}]*} [1-9]")
                .contains("streamrank_feature_age_seconds_bucket{kind=\"item\"");
    }

    @Test
    void withoutExplainTheAnswerStaysLean() throws Exception {
        JsonNode body = ok(get("/v1/recommendations?userId=424243&k=3"));
        assertThat(body.has("explanation")).isFalse();
        body.get("items").forEach(i -> assertThat(i.has("explanation")).isFalse());
        assertThat(body.has("fallback")).isFalse();
    }
}
