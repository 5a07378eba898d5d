package io.streamrank.ranking.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrank.contract.catalog.CatalogItem;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class CatalogCsvTest {

    @Test
    void parsesEpochAndIsoTimesQuotedTitlesAndOptionalColumns() throws IOException {
        CatalogCsv.Result r = parse("""
                itemId,categoryId,createdAt,available,price,title
                1,7,1763700000000,true,19.90,"Mug, blue ""large""\"
                2,7,2025-11-21T10:00:00Z,0,,
                3,8,5,,
                """);
        assertThat(r.errors()).isEmpty();
        assertThat(r.items()).containsExactly(
                new CatalogItem(1, 7, 1_763_700_000_000L, true, new BigDecimal("19.90"), "Mug, blue \"large\""),
                new CatalogItem(2, 7, 1_763_719_200_000L, false, null, null),
                new CatalogItem(3, 8, 5, true, null, null));
    }

    @Test
    void badRowsAreReportedWithTheirLineAndTheGoodOnesKept() throws IOException {
        CatalogCsv.Result r = parse("""
                itemId,categoryId,createdAt,available,price,title
                1,7,100,true,,ok
                0,7,100,true,,
                2,x,100,true,,
                3,7,yesterday,true,,
                4,7,100,maybe,,
                5,7,100,true,-1,
                6,7,100,true,,"open
                7,7
                """);
        assertThat(r.items()).extracting(CatalogItem::itemId).containsExactly(1L);
        assertThat(r.errors()).containsExactly(
                "line 3: itemId must be an integer > 0",
                "line 4: categoryId must be an integer > 0",
                "line 5: createdAt must be epoch milliseconds or an ISO-8601 instant",
                "line 6: available must be true, false, 1 or 0",
                "line 7: price must be >= 0",
                "line 8: unterminated quoted field",
                "line 9: expected 4 to 6 fields, got 2");
    }

    @Test
    void aFileWithoutTheHeaderIsRefused() {
        assertThatThrownBy(() -> parse("1,7,100,true,,\n")).isInstanceOf(IOException.class)
                .hasMessageContaining(CatalogCsv.HEADER);
    }

    private static CatalogCsv.Result parse(String csv) throws IOException {
        return CatalogCsv.parse(new BufferedReader(new StringReader(csv)));
    }
}
