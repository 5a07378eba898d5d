package io.streamrank.ranking.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrank.contract.catalog.CatalogItem;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
        assertThat(items).containsExactly(
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
        assertThat(items).extracting(CatalogItem::itemId).containsExactly(1L);
        assertThat(r.items()).isEqualTo(1);
        assertThat(r.rejected()).isEqualTo(7);
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
    void rowsBeyondTheRestUpsertsLimitsAreRefusedAsBadRowsNotAsAFailedStart() throws IOException {
        // Each of these was accepted (or, the last two, threw out of the loader and stopped the service's start-up).
        CatalogCsv.Result r = parse("""
                itemId,categoryId,createdAt,available,price,title
                1,7,1763700000000000,true,,
                2,7,1969-12-31T00:00:00Z,true,,
                3,7,100,true,12.34567,
                4,7,100,true,1234567890123,
                5,7,+300000000-01-01T00:00:00Z,true,,
                6,7,100,true,1e1000000000,
                7,7,100,true,1e11,ok
                8,7,100,true,,"bell\u0007"
                """);
        assertThat(items).extracting(CatalogItem::itemId).containsExactly(7L);
        assertThat(r.errors()).containsExactly(
                "line 2: createdAt must not be more than 1 hour in the future (epoch milliseconds)",
                "line 3: createdAt must not be before 1970 (epoch milliseconds >= 0)",
                "line 4: price must have at most 12 integer and 4 fraction digits",
                "line 5: price must have at most 12 integer and 4 fraction digits",
                "line 6: createdAt must be epoch milliseconds or an ISO-8601 instant",
                "line 7: price must have at most 12 integer and 4 fraction digits",
                "line 9: title must not contain control characters");
    }

    @Test
    void goodRowsArriveInBatchesAsTheFileIsReadAndOnlyTheFirstErrorsAreKept() throws IOException {
        StringBuilder csv = new StringBuilder(CatalogCsv.HEADER).append('\n');
        for (int i = 1; i <= 25; i++) {
            csv.append(i).append(",7,100,true,,\n").append("0,7,100,true,,\n");
        }
        List<Integer> sizes = new ArrayList<>();

        CatalogCsv.Result r = CatalogCsv.parse(new BufferedReader(new StringReader(csv.toString())), NOW, 10,
                batch -> sizes.add(batch.size()));

        assertThat(sizes).containsExactly(10, 10, 5);
        assertThat(r.items()).isEqualTo(25);
        assertThat(r.rejected()).isEqualTo(25);
        assertThat(r.errors()).hasSize(CatalogCsv.KEPT_ERRORS).first().isEqualTo("line 3: itemId must be an integer > 0");
    }

    @Test
    void aRowThatIsNotUtf8IsABadRowNotAFailedStart(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("catalog.csv");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write((CatalogCsv.HEADER + "\n1,7,100,true,,plain\n").getBytes(StandardCharsets.UTF_8));
        bytes.write("2,7,100,true,,Caf".getBytes(StandardCharsets.UTF_8));
        bytes.write(0xE9); // 'é' in Windows-1252: no UTF-8 byte sequence starts so and ends here
        bytes.write("\n3,7,100,true,,Café\n".getBytes(StandardCharsets.UTF_8));
        // U+FFFD itself, validly encoded (left by an earlier conversion): text, kept.
        bytes.write("4,7,100,true,,Caf\uFFFD\n".getBytes(StandardCharsets.UTF_8));
        Files.write(file, bytes.toByteArray());

        CatalogCsv.Result r;
        try (BufferedReader in = CatalogCsv.open(file)) {
            r = CatalogCsv.parse(in, NOW, 1000, items::addAll);
        }

        assertThat(items).extracting(CatalogItem::itemId).containsExactly(1L, 3L, 4L);
        assertThat(items.get(1).title()).isEqualTo("Café");
        assertThat(r.rejected()).isEqualTo(1);
        assertThat(r.errors()).singleElement().asString().startsWith("line 3: not valid UTF-8");
    }

    @Test
    void aFileWithoutTheHeaderIsRefused() {
        assertThatThrownBy(() -> parse("1,7,100,true,,\n")).isInstanceOf(IOException.class)
                .hasMessageContaining(CatalogCsv.HEADER);
    }

    /** Server time of the parses: 2026-01-01T00:00:00Z. */
    private static final long NOW = 1_767_225_600_000L;

    /** Every good row of the last {@link #parse}, in order. */
    private final List<CatalogItem> items = new ArrayList<>();

    private CatalogCsv.Result parse(String csv) throws IOException {
        return CatalogCsv.parse(new BufferedReader(new StringReader(csv)), NOW, 1000, items::addAll);
    }
}
