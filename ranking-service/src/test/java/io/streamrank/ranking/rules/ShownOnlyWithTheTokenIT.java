package io.streamrank.ranking.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamrank.ranking.LiveFixture;
import io.streamrank.ranking.LiveServiceBase;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * ADR 84 on the live service (given a token, as the shared one) in its own context with
 * {@code streamrank.rules.record-shown=with-token}: a read without the write token, an engineer's {@code explain} call
 * among them, leaves the user's next answer as it was and is counted; a read with it hides its items from the next.
 */
@TestPropertySource(properties = "streamrank.rules.record-shown=with-token")
class ShownOnlyWithTheTokenIT extends LiveServiceBase {

    private static final String NOT_RECORDED =
            "streamrank_rules_shown_not_recorded_total\\{[^}]*reason=\"no_token\"[^}]*}";

    @Test
    void onlyAnAnswerToARequestWithTheWriteTokenHidesItsItemsFromTheUsersNextAnswer() throws Exception {
        long user = 424_281;
        String request = "{\"userId\":" + user + ",\"k\":3,\"explain\":true,"
                + "\"candidates\":[12010,12011,12012,12013,12014,12015]}";
        var redis = LiveFixture.get().ns.commands();
        String shownKey = LiveFixture.get().keys.shown(user);
        double before = counter(NOT_RECORDED);

        List<Long> first = itemIds(ok(read(request, null)));
        assertThat(first).hasSize(3);
        // A recorded answer reaches Redis with the next round any request sends, within 20 ms when idle (ADR 38):
        // past that, its absence means it was not recorded.
        Thread.sleep(300);
        JsonNode again = ok(read(request, "Basic " + LiveFixture.get().writeToken));
        assertThat(itemIds(again)).as("nothing hidden by the explain call without the token").isEqualTo(first);
        assertThat(again.get("explanation").get("dropped").path("shown").asInt()).isZero();
        Thread.sleep(300);
        assertThat(redis.exists(shownKey)).as("nor recorded by the token under another scheme").isZero();
        // Exact: JUnit runs this class's tests one at a time, and this context has no warm-up load.
        assertThat(counter(NOT_RECORDED) - before).isEqualTo(2.0);

        List<Long> withToken = itemIds(ok(read(request, bearer())));
        assertThat(withToken).isEqualTo(first);

        // Without the token again: filtered by what the token's answer recorded, as any read is.
        int tokenless = 2;
        JsonNode next = ok(read(request, null));
        tokenless++;
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (itemIds(next).equals(first) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            next = ok(read(request, null));
            tokenless++;
        }
        assertThat(itemIds(next)).hasSize(3).doesNotContainAnyElementsOf(first);
        assertThat(next.get("explanation").get("dropped").get("shown").asInt()).isEqualTo(3);
        assertThat(redis.zrange(shownKey, 0, -1)).containsExactlyInAnyOrderElementsOf(
                first.stream().map(String::valueOf).toList());
        assertThat(counter(NOT_RECORDED) - before).isEqualTo(tokenless);
    }

    @Test
    void aGetRecordsItsAnswerOnlyWithTheWriteToken() throws Exception {
        var redis = LiveFixture.get().ns.commands();
        String path = "/v1/recommendations?userId=%d&k=3&explain=true";

        assertThat(itemIds(ok(get(path.formatted(424_282))))).isNotEmpty();
        assertThat(itemIds(ok(HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + path.formatted(424_283))).header("Authorization", bearer()).build(),
                HttpResponse.BodyHandlers.ofString())))).isNotEmpty();
        // Both answers' writes, had there been two, reach Redis within 20 ms when idle (ADR 38).
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (redis.exists(LiveFixture.get().keys.shown(424_283)) == 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Thread.sleep(300);
        assertThat(redis.exists(LiveFixture.get().keys.shown(424_283))).as("with the token").isOne();
        assertThat(redis.exists(LiveFixture.get().keys.shown(424_282))).as("without").isZero();
    }

    /** {@code POST /v1/recommendations} with this {@code Authorization} header, or none. */
    private HttpResponse<String> read(String body, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/recommendations"))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
