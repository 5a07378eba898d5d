package io.streamrank.ranking.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code bin/bench-selection} keeps running: a tiny run prints a line of figures per page length. */
class CategoryCapBenchTest {

    @Test
    void aTinyRunPrintsEachWaysMedianAndTheRatiosForEachPageLength() {
        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            CategoryCapBench.main(new String[] {"--pages", "50", "--blocks", "1", "--k", "10,50"});
        } finally {
            System.setOut(out);
        }
        String text = printed.toString(StandardCharsets.UTF_8);
        assertThat(text)
                .contains("500 candidates per page (150 of them in 3 categories), cap 4 per category, window 10")
                .containsPattern("k =  10: medians of the blocks' medians per page: no cap [0-9.]+ us, whole page "
                        + "[0-9.]+ us, sliding [0-9.]+ us; sliding/whole page [0-9.]+, whole page/no cap [0-9.]+")
                .containsPattern("k =  50: ").doesNotContain("k = 200");
    }

    @Test
    void aWindowNoLongerThanTheCapIsRefused() {
        assertThatThrownBy(() -> CategoryCapBench.main(new String[] {"--window", "4"}))
                .hasMessageContaining("--window longer than it");
    }
}
