package io.streamrank.ranking.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrank.contract.model.ItemCategories;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CategorySourceTest {

    /** The serving version knows item 100 as category 9; item 200 it never saw. */
    private final ItemCategories exported = ItemCategories.of(Map.of(100L, 9L));

    @Test
    void liveFeaturesWinOverTheCatalogAndTheModel() {
        assertThat(CategorySource.category(5, 7, exported, 100)).isEqualTo(5);
        assertThat(CategorySource.of(5, 7, 5)).isEqualTo(CategorySource.FEATURES);
    }

    @Test
    void withoutLiveFeaturesTheCatalogWinsOverTheModel() {
        assertThat(CategorySource.category(0, 7, exported, 100)).isEqualTo(7);
        assertThat(CategorySource.of(0, 7, 7)).isEqualTo(CategorySource.CATALOG);
    }

    @Test
    void withNeitherTheServingVersionsTrainingCategoryIsUsed() {
        assertThat(CategorySource.category(0, 0, exported, 100)).isEqualTo(9);
        assertThat(CategorySource.of(0, 0, 9)).isEqualTo(CategorySource.MODEL);
    }

    @Test
    void anItemNoSourceKnowsIsUnknownAsIsEveryItemOfAVersionExportedWithoutCategories() {
        assertThat(CategorySource.category(0, 0, exported, 200)).isZero();
        assertThat(CategorySource.of(0, 0, 0)).isEqualTo(CategorySource.UNKNOWN);
        assertThat(CategorySource.category(0, 0, ItemCategories.NONE, 100)).isZero();
    }

    @Test
    void labelsAreTheOnesTheApiDocuments() {
        assertThat(CategorySource.FEATURES.label()).isEqualTo("features");
        assertThat(CategorySource.CATALOG.label()).isEqualTo("catalog");
        assertThat(CategorySource.MODEL.label()).isEqualTo("model");
        assertThat(CategorySource.UNKNOWN.label()).isEqualTo("unknown");
    }
}
