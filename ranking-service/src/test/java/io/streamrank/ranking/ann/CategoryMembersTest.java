package io.streamrank.ranking.ann;

import io.streamrank.contract.model.ItemCategories;
import io.streamrank.contract.model.ItemEmbeddings;
import io.streamrank.contract.model.ItemVectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamrank.ranking.TestEmbeddings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.apache.lucene.util.FixedBitSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A category page's items from the HNSW index (ADR 88). The embeddings' clusters (TestEmbeddings' categories 1..20)
 * are not the table's categories, so that the category, not the neighbourhood, decides what comes back: category 77
 * is the first 30 items of every cluster, category 88 the other 70 of clusters 1..5, category 99 three items and one
 * the index does not hold; the rest of clusters 6..20 is not in the table.
 */
class CategoryMembersTest {

    @TempDir
    Path dir;

    private ItemEmbeddings embeddings;
    private HnswIndex index;
    private ItemCategories table;

    @BeforeEach
    void index() throws IOException {
        embeddings = ItemEmbeddings.read(TestEmbeddings.write(dir.resolve("e.bin"),
                LongStream.rangeClosed(1, 20).boxed().toList(), 100, 16, 5));
        index = HnswIndex.build(embeddings);
        Map<Long, Long> categories = new HashMap<>();
        for (long cluster = 1; cluster <= 20; cluster++) {
            for (long n = 0; n < 100; n++) {
                long id = cluster * 1000 + n;
                if (n < 30) {
                    categories.put(id, 77L);
                } else if (cluster <= 5) {
                    categories.put(id, 88L);
                }
            }
        }
        categories.put(7_050L, 99L);
        categories.put(12_050L, 99L);
        categories.put(19_050L, 99L);
        categories.put(99_999L, 99L);
        table = ItemCategories.of(categories);
    }

    @Test
    void theCategorysItemsNearestToTheQueryComeBackBestFirstAndNoOtherItem() {
        float[] query = embeddings.vector(5_003L);

        long[] found = index.nearestInCategory(table, 77, query, 10);

        // Every item of category 77 is scored (30 per cluster, 600 in all): exactly the 10 nearest, best first.
        assertThat(found).containsExactlyInAnyOrder(exact(77, query, 10));
        assertBestFirst(found, query);
        assertThat(Arrays.stream(found).map(id -> id / 1000)).as("cluster 5's items of category 77").containsOnly(5L);
    }

    @Test
    void aCategoryLargerThanTheExactLimitIsSearchedInTheGraphWithTheCategoryAsFilter() {
        CategoryMembers graphOnly = CategoryMembers.of(index.items(), table, 0);
        FixedBitSet category77 = new FixedBitSet(index.size());
        LongStream.of(index.itemIds()).filter(id -> table.category(id) == 77)
                .forEach(id -> category77.set(index.items().ord(id)));
        int hits = 0;
        int queries = 0;
        for (long cluster = 1; cluster <= 20; cluster++) {
            float[] query = embeddings.vector(cluster * 1000 + cluster * 7 % 100);
            float[] unit = ItemVectors.normalise(query.clone());
            // The walk finds its 10 before it has visited as many nodes as the category holds: no fallback.
            assertThat(index.nearest(unit, 10, category77, 600)).as("cluster %d", cluster).isNotNull();
            long[] found = graphOnly.nearest(index, 77, unit, 10);
            assertThat(found).hasSize(10);
            assertThat(Arrays.stream(found).map(table::category)).containsOnly(77L);
            List<Long> expected = Arrays.stream(exact(77, query, 10)).boxed().toList();
            hits += (int) Arrays.stream(found).filter(expected::contains).count();
            queries++;
        }
        assertThat((double) hits / (queries * 10)).as("recall@10 against scoring every item of the category")
                .isGreaterThan(0.9);
    }

    @Test
    void withoutAQueryTheItemsNearestToTheCategorysMeanComeBack() {
        long[] found = index.nearestInCategory(table, 88, null, 20);

        assertThat(found).hasSize(20);
        assertThat(Arrays.stream(found).map(table::category)).containsOnly(88L);
        assertThat(found).containsExactlyInAnyOrder(exact(88, mean(88), 20));
        assertBestFirst(found, mean(88));
        // Recent items whose vectors cancel out give no direction: the category's mean is the query then.
        assertThat(index.nearestInCategory(table, 88, new float[index.dim()], 20)).containsExactly(found);
    }

    @Test
    void aFilteredWalkThatVisitsAsManyNodesAsTheCategoryHoldsScoresItsItemsInstead() {
        // Three items far apart in a graph of 2,000: the walk cannot collect them within three visits.
        float[] unit = ItemVectors.normalise(embeddings.vector(1_001L).clone());
        FixedBitSet category99 = new FixedBitSet(index.size());
        LongStream.of(7_050L, 12_050L, 19_050L).forEach(id -> category99.set(index.items().ord(id)));
        assertThat(index.nearest(unit, 10, category99, 3)).as("the walk stopped at its limit").isNull();

        CategoryMembers graphOnly = CategoryMembers.of(index.items(), table, 0);
        assertThat(graphOnly.nearest(index, 99, unit, 10)).containsExactlyInAnyOrder(7_050L, 12_050L, 19_050L);
    }

    @Test
    void aSmallCategoryIsReturnedWholeAndAnUnknownOneIsEmpty() {
        // 99_999 is in the table's category 99 but has no vector in the index.
        assertThat(index.nearestInCategory(table, 99, embeddings.vector(1_001L), 200))
                .containsExactlyInAnyOrder(7_050L, 12_050L, 19_050L);
        assertThat(index.nearestInCategory(table, 12345, embeddings.vector(1_001L), 10)).isEmpty();
        assertThat(index.nearestInCategory(ItemCategories.NONE, 77, embeddings.vector(1_001L), 10)).isEmpty();
        assertThat(index.nearestInCategory(table, 77, new float[3], 10)).as("a query of another dimension").isEmpty();
        assertThat(index.nearestInCategory(table, 77, embeddings.vector(1_001L), 0)).isEmpty();
    }

    @Test
    void groupingAheadOfTheFirstCategoryPageCountsTheCategoriesWithItemsInTheIndex() {
        assertThat(index.groupCategories(table)).as("77, 88 and 99").isEqualTo(3);
        assertThat(index.groupCategories(ItemCategories.NONE)).isZero();
        assertThat(index.nearestInCategory(table, 99, null, 10)).containsExactlyInAnyOrder(7_050L, 12_050L, 19_050L);
    }

    @Test
    void aCategorysSimilarityToAnItemIsTheMeanCosineOfItsIndexedItems() {
        float[] to = index.unitVector(3_005L);
        for (long category : new long[] {77, 88, 99}) {
            // 99_999, of category 99, has no vector: the mean is over the three that have one.
            double expected = LongStream.of(index.itemIds()).filter(id -> table.category(id) == category)
                    .mapToDouble(id -> dot(to, index.unitVector(id))).average().orElseThrow();
            assertThat((double) index.categorySimilarity(table, category, to)).as("category %d", category)
                    .isCloseTo(expected, within(1e-5));
        }
        // Category 88 is clusters 1..5, 77 a slice of all 20: an item of cluster 3 is nearer to 88's items.
        assertThat(index.categorySimilarity(table, 88, to)).isGreaterThan(index.categorySimilarity(table, 77, to));
        assertThat(index.categorySimilarity(table, 12345, to)).as("no item of it indexed").isNaN();
        assertThat(index.categorySimilarity(ItemCategories.NONE, 77, to)).isNaN();
    }

    @Test
    void aProductPagesCandidatesWithoutAnEmbeddingGetTheirCategorysSimilarityAllAtOnce() {
        float[] to = index.unitVector(3_005L);
        // Positions: an embedded candidate's own similarity, then no embedding of categories 77, 0 (unknown), 12345
        // (none of it indexed) and 88.
        float[] similarity = {0.25f, Float.NaN, Float.NaN, Float.NaN, Float.NaN};
        long[] categories = {77, 77, 0, 12345, 88};
        BitSet set = index.fillCategorySimilarities(table, 3_005L, similarity, i -> categories[i]);
        assertThat(similarity[0]).as("its own similarity stays").isEqualTo(0.25f);
        assertThat(similarity[1]).isEqualTo(index.categorySimilarity(table, 77, to));
        assertThat(similarity[2]).as("no category known").isNaN();
        assertThat(similarity[3]).as("no item of the category indexed").isNaN();
        assertThat(similarity[4]).isEqualTo(index.categorySimilarity(table, 88, to));
        assertThat(set.stream().toArray()).containsExactly(1, 4);
        // Another version's table names other categories: 77 is 3_005 alone in it.
        float[] other = {Float.NaN};
        index.fillCategorySimilarities(ItemCategories.of(Map.of(3_005L, 77L)), 3_005L, other, i -> 77L);
        assertThat(other[0]).isCloseTo(1f, within(1e-5f));
        assertThat(index.fillCategorySimilarities(table, 99_999L, new float[] {Float.NaN}, i -> 77L))
                .as("the page's item has no embedding").isNull();
    }

    /** The {@code k} items of the category most similar to the query, by scoring each (dot product of unit vectors). */
    private long[] exact(long category, float[] query, int k) {
        float[] q = ItemVectors.normalise(query.clone());
        return LongStream.of(index.itemIds()).filter(id -> table.category(id) == category).boxed()
                .sorted(Comparator.comparingDouble((Long id) -> -dot(q, index.unitVector(id))))
                .limit(k).mapToLong(Long::longValue).toArray();
    }

    /** Each item at least as similar to the query as the next, up to float rounding (Lucene scores in float). */
    private void assertBestFirst(long[] found, float[] query) {
        float[] q = ItemVectors.normalise(query.clone());
        for (int i = 1; i < found.length; i++) {
            assertThat(dot(q, index.unitVector(found[i - 1])))
                    .isGreaterThanOrEqualTo(dot(q, index.unitVector(found[i])) - 1e-6);
        }
    }

    private float[] mean(long category) {
        float[] sum = new float[index.dim()];
        LongStream.of(index.itemIds()).filter(id -> table.category(id) == category).forEach(id -> {
            float[] v = index.unitVector(id);
            for (int d = 0; d < sum.length; d++) {
                sum[d] += v[d];
            }
        });
        return sum;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }
}
