package io.streamrank.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.event.EventType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongFunction;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    @Test
    void aMisspeltOptionIsRefusedWithTheUsage() {
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--rate", "1000"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown or incomplete option: --rate").hasMessageContaining("Options:");
    }

    @Test
    void aMisspeltBooleanIsRefusedNotTakenAsFalse() {
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--redis-cluster", "ture"}))
                .hasMessageStartingWith("--redis-cluster wants true or false");
        assertThat(BenchOptions.parse(new String[] {"--redis-cluster", "TRUE"}).get("redis-cluster")).isEqualTo("TRUE");
    }

    @Test
    void aNumberThatIsNotAnIntIsRefusedBeforeTheRunStarts() {
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--duration", "20s"}))
                .hasMessageStartingWith("--duration wants an integer, got '20s'");
        assertThat(BenchOptions.parse(new String[] {"--candidates", "500,200"}).candidateCounts())
                .containsExactly(500, 200);
    }

    @Test
    void mixedPagesAskForTwoProductPagesAndOneCategoryPageInEveryEightRequests() {
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--pages", "product"}))
                .hasMessageStartingWith("--pages wants home or mixed, got 'product'");
        List<ClickEvent> clicks = List.of(new ClickEvent("e1", 7, 1001, 12, EventType.CLICK, 1L));

        LongFunction<byte[]> mixed = BenchRun.rankRequests(BenchOptions.parse(new String[] {"--pages", "mixed"}),
                List.of(42L), 500, clicks);
        LongFunction<byte[]> home = BenchRun.rankRequests(BenchOptions.parse(new String[0]), List.of(42L), 500, clicks);

        List<String> paths = LongStream.range(0, 8).mapToObj(i -> requestLine(mixed.apply(i))).toList();
        String plain = "/v1/recommendations?userId=42&k=10&candidateCount=500";
        assertThat(paths).containsExactly(plain, plain + "&contextItemId=1001", plain, plain + "&categoryId=12", plain,
                plain + "&contextItemId=1001", plain, plain);
        assertThat(LongStream.range(0, 8).mapToObj(i -> requestLine(home.apply(i)))).containsOnly(plain);
    }

    private static String requestLine(byte[] request) {
        String line = new String(request, StandardCharsets.US_ASCII).lines().findFirst().orElseThrow();
        return line.substring("GET ".length(), line.length() - " HTTP/1.1".length());
    }

    @Test
    void defaultPathsAreTheCheckoutsWhileGivenPathsAreLeftToTheCallersDirectory() {
        System.setProperty("streamrank.home", "/checkout");
        try {
            BenchOptions o = BenchOptions.parse(new String[] {"--work", "run"});

            assertThat(o.get("models")).isEqualTo(Path.of("/checkout/.streamrank/bench/models").toString());
            assertThat(o.get("work")).isEqualTo("run");
        } finally {
            System.clearProperty("streamrank.home");
        }
    }
}
