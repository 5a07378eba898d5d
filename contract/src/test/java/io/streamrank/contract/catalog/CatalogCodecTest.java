package io.streamrank.contract.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class CatalogCodecTest {

    @Test
    void fullItemRoundTripsIncludingATitleWithSeparators() {
        CatalogItem item = new CatalogItem(42, 7, 1_763_700_000_000L, true, new BigDecimal("19.90"),
                "Mug | blue, 350 ml");
        String value = CatalogCodec.encode(item);
        assertThat(value).isEqualTo("1|7|1763700000000|1|19.90|Mug | blue, 350 ml");
        assertThat(CatalogCodec.decode(42, value)).isEqualTo(item);
    }

    @Test
    void optionalFieldsRoundTripAsNull() {
        CatalogItem item = new CatalogItem(5, 3, 0, false, null, null);
        assertThat(CatalogCodec.encode(item)).isEqualTo("1|3|0|0||");
        assertThat(CatalogCodec.decode(5, CatalogCodec.encode(item))).isEqualTo(item);
    }

    @Test
    void foreignOrCorruptValuesAreRefusedClearly() {
        assertThatThrownBy(() -> CatalogCodec.decode(1, "2|3|0|1||")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CatalogCodec.decode(1, "1|x|0|1||")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CatalogCodec.decode(1, "1|3|0|yes||")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CatalogCodec.decode(1, "1|3|0|1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CatalogCodec.decode(1, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void invalidItemsCannotBeBuilt() {
        assertThatThrownBy(() -> new CatalogItem(0, 3, 0, true, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CatalogItem(1, -3, 0, true, null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
