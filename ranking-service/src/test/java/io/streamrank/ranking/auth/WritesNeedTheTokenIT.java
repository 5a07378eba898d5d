package io.streamrank.ranking.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamrank.ranking.LiveFixture;
import io.streamrank.ranking.LiveServiceBase;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * ADR 78 on the live service, which listens on every address and was given a token in a file: its writes need the
 * token as a bearer token and are refused before anything is read or written; its reads need none.
 */
class WritesNeedTheTokenIT extends LiveServiceBase {

    private static final String WRONG = "wrong-token-0123456789";

    @Test
    void writesWithoutTheRightTokenAnswer401AndReachNeitherKafkaNorTheCatalog() throws Exception {
        String event = "[{\"eventId\":\"%s\",\"userId\":9,\"itemId\":12001,\"categoryId\":12,\"type\":\"click\","
                + "\"timestamp\":" + System.currentTimeMillis() + "}]";
        String item = "{\"items\":[{\"itemId\":%d,\"categoryId\":12,\"createdAt\":1000}]}";
        double refusedBefore = refusedIngests();

        assertUnauthorized(write("POST", "/v1/events", event.formatted("auth-none"), null));
        assertUnauthorized(write("POST", "/v1/events", event.formatted("auth-wrong"), "Bearer " + WRONG));
        assertUnauthorized(write("POST", "/v1/events", event.formatted("auth-basic"),
                "Basic " + LiveFixture.get().writeToken));
        assertUnauthorized(write("POST", "/v1/events", event.formatted("auth-longer"), bearer() + "x"));
        assertUnauthorized(write("PUT", "/v1/catalog/items", item.formatted(19_001), null));
        assertUnauthorized(write("PUT", "/v1/catalog/items", item.formatted(19_002), "Bearer " + WRONG));
        // Checked before the body is read: over the ingest limit, yet a 401, not a 413.
        assertUnauthorized(write("POST", "/v1/events", "[\"" + "x".repeat(1_100_000) + "\"]", null));

        assertThat(clickstreamValues()).as("nothing refused reached Kafka").noneMatch(v -> v.contains("\"auth-"));
        for (long id : new long[] {19_001, 19_002}) {
            assertThat(LiveFixture.get().ns.commands().exists(LiveFixture.get().keys.catalogItem(id))).isZero();
            assertProblem(get("/v1/catalog/items/" + id), 404, "not-found");
        }
        // Refused writes are counted as every request is: http_server_requests by status and uri.
        assertThat(refusedIngests() - refusedBefore).isEqualTo(5.0);
    }

    @Test
    void theRightTokenWritesEventsToKafkaAndItemsToTheCatalog() throws Exception {
        HttpResponse<String> ingest = write("POST", "/v1/events", "[{\"eventId\":\"auth-ok\",\"userId\":9,"
                + "\"itemId\":12001,\"categoryId\":12,\"type\":\"click\",\"timestamp\":" + System.currentTimeMillis()
                + "}]", bearer());
        assertThat(ingest.statusCode()).as(ingest.body()).isEqualTo(202);
        // The scheme is case-insensitive (RFC 9110); a token file's line break was not part of the token.
        HttpResponse<String> upsert = write("PUT", "/v1/catalog/items",
                "{\"items\":[{\"itemId\":19003,\"categoryId\":12,\"createdAt\":1000}]}",
                "bearer " + LiveFixture.get().writeToken);
        assertThat(upsert.statusCode()).as(upsert.body()).isEqualTo(200);

        assertThat(ok(get("/v1/catalog/items/19003")).get("categoryId").asLong()).isEqualTo(12);
        assertThat(clickstreamValues()).anyMatch(v -> v.contains("\"auth-ok\""));
    }

    @Test
    void readsNeedNoToken() throws Exception {
        // Users no other test asks about: an answer hides its items from the same user later (drop-shown).
        assertThat(get("/v1/recommendations?userId=424271&k=3").statusCode()).isEqualTo(200);
        HttpResponse<String> posted = write("POST", "/v1/recommendations", "{\"userId\":424272,\"k\":3}", null);
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
        assertThat(get("/v1/catalog/items/12900").statusCode()).isEqualTo(200);
        assertThat(get("/v1/ping").statusCode()).isEqualTo(200);
        assertThat(get("/v3/api-docs").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/health").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/prometheus").statusCode()).isEqualTo(200);
    }

    @Test
    void theOpenApiDocumentAsksForTheTokenOnExactlyTheWritesTheServiceRefuses() throws Exception {
        JsonNode doc = ok(get("/v3/api-docs"));
        JsonNode scheme = doc.at("/components/securitySchemes/" + WriteTokenOpenApi.SCHEME);
        assertThat(scheme.path("type").asText()).isEqualTo("http");
        assertThat(scheme.path("scheme").asText()).isEqualTo("bearer");
        assertThat(doc.has("security")).as("no document-wide requirement: reads are open").isFalse();

        Set<String> secured = new TreeSet<>();
        doc.get("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
            if (op.getValue().path("security").toString().contains(WriteTokenOpenApi.SCHEME)) {
                secured.add(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
                assertThat(op.getValue().at("/responses/401").isMissingNode()).as(path.getKey()).isFalse();
            }
        }));
        assertThat(secured).containsExactly("POST /v1/events", "PUT /v1/catalog/items");
        // The 401 is added to what springdoc wrote, not in place of it.
        assertThat(doc.at("/paths/~1v1~1events/post/responses").has("202")).isTrue();
        assertThat(doc.at("/paths/~1v1~1catalog~1items/put/responses").has("200")).isTrue();
        for (String op : secured) {
            String[] methodAndPath = op.split(" ");
            assertUnauthorized(write(methodAndPath[0], methodAndPath[1], "[]", null));
        }
    }

    private void assertUnauthorized(HttpResponse<String> r) throws Exception {
        JsonNode problem = assertProblem(r, 401, "unauthorized");
        assertThat(r.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"streamrank\"");
        assertThat(problem.get("title").asText()).isEqualTo("Unauthorized");
        assertThat(r.body()).doesNotContain(WRONG).doesNotContain(LiveFixture.get().writeToken);
    }

    private HttpResponse<String> write(String method, String path, String body, String authorization)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("content-type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private double refusedIngests() throws Exception {
        return counter("http_server_requests_seconds_count\\{[^}]*method=\"POST\"[^}]*status=\"401\"[^}]*"
                + "uri=\"/v1/events\"[^}]*}");
    }
}
