package io.streamrank.ranking.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamrank.ranking.LiveServiceBase;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/** The HTTP contract: problem details for bad input, limits, request ids, the OpenAPI document, documented metrics. */
class ApiContractIT extends LiveServiceBase {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void invalidRecommendationRequestsGet4xxProblemDetails() throws Exception {
        assertProblem(get("/v1/recommendations?userId=abc"), 400, "invalid-request");
        assertProblem(get("/v1/recommendations"), 400, "invalid-request");
        assertProblem(get("/v1/recommendations?userId=0"), 400, "invalid-request");
        assertProblem(get("/v1/recommendations?userId=5&k=0"), 400, "invalid-request");
        JsonNode tooMany = assertProblem(get("/v1/recommendations?userId=5&k=201"), 400, "invalid-request");
        assertThat(tooMany.get("errors").get(0).get("field").asText()).isEqualTo("k");
        JsonNode several = assertProblem(get("/v1/recommendations?userId=0&k=201"), 400, "invalid-request");
        assertThat(several.get("errors").findValuesAsText("field")).containsExactly("userId", "k");
        assertProblem(get("/v1/recommendations?userId=5&candidateCount=1001"), 400, "invalid-request");
        assertProblem(get("/v1/recommendations?userId=5&explain=perhaps"), 400, "invalid-request");
        // Tomcat cannot decode these: it threw out of getParameterValues, which the advice answered as a 500.
        assertProblem(get("/v1/recommendations?userId=5&k=%ff"), 400, "invalid-request");
        assertProblem(post("/v1/recommendations", "{\"userId\":5,\"candidates\":[]}"), 400, "invalid-request");
        assertProblem(post("/v1/recommendations", "{\"k\":3}"), 400, "invalid-request");
        assertProblem(post("/v1/recommendations", "{\"userId\":5,\"candidates\":[1,-2]}"), 400, "invalid-request");
        assertProblem(post("/v1/recommendations", "{\"userId\":5,\"candidateCount\":0}"), 400, "invalid-request");
        assertProblem(post("/v1/recommendations", "{\"userId\":"), 400, "malformed-body");
        StringBuilder many = new StringBuilder("{\"userId\":5,\"candidates\":[1");
        for (int i = 2; i <= 1001; i++) {
            many.append(',').append(i);
        }
        assertProblem(post("/v1/recommendations", many.append("]}").toString()), 400, "invalid-request");
        assertProblem(post("/v1/recommendations", "{\"userId\":5,\"candidates\":[1" + " ".repeat(70_000) + "]}"),
                413, "body-too-large");
        assertProblem(HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/recommendations"))
                .header("content-type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("5")).build(),
                HttpResponse.BodyHandlers.ofString()), 415, "unsupported-media-type");
        assertProblem(send("DELETE", "/v1/recommendations", ""), 405, "method-not-allowed");
        assertProblem(HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/v1/recommendations?userId=5")).header("accept", "application/xml").build(),
                HttpResponse.BodyHandlers.ofString()), 406, "not-acceptable");
        assertProblem(get("/v1/nope"), 404, "not-found");
        // A form body over the limit: Boot's form filter read it before any controller and answered a bare 500.
        assertProblem(HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/catalog/items"))
                .header("content-type", "application/x-www-form-urlencoded").header("Authorization", bearer())
                .PUT(HttpRequest.BodyPublishers.ofString("x=" + "a".repeat(2_000_000))).build(),
                HttpResponse.BodyHandlers.ofString()), 415, "unsupported-media-type");
    }

    @Test
    void everyResponseCarriesARequestIdTheCallersOwnIfSane() throws Exception {
        HttpResponse<String> mine = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/v1/ping")).header("X-Request-Id", "abc-123").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(mine.headers().firstValue("X-Request-Id")).contains("abc-123");
        HttpResponse<String> odd = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/v1/ping")).header("X-Request-Id", "<script>").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(odd.headers().firstValue("X-Request-Id")).hasValueSatisfying(v -> assertThat(v).hasSize(36));
        JsonNode body = ok(get("/v1/recommendations?userId=424244&k=1"));
        assertThat(body.get("requestId").asText()).isNotBlank();
    }

    @Test
    void theOpenApiDocumentDescribesExactlyTheRealEndpoints() throws Exception {
        JsonNode doc = ok(get("/v3/api-docs"));
        assertThat(doc.get("openapi").asText()).startsWith("3.");
        Set<String> documented = new TreeSet<>();
        doc.get("paths").properties().forEach(p -> p.getValue().fieldNames()
                .forEachRemaining(m -> documented.add(m.toUpperCase(Locale.ROOT) + " " + p.getKey())));
        Set<String> real = new TreeSet<>();
        mappings.getHandlerMethods().keySet().forEach(info -> info.getPatternValues().stream()
                .filter(p -> p.startsWith("/v1/"))
                .forEach(p -> info.getMethodsCondition().getMethods()
                        .forEach(m -> real.add(m.name() + " " + p))));
        assertThat(documented).isEqualTo(real).contains("GET /v1/recommendations", "POST /v1/recommendations",
                "POST /v1/events", "PUT /v1/catalog/items", "GET /v1/catalog/items/{itemId}", "GET /v1/ping");
        JsonNode params = doc.get("paths").get("/v1/recommendations").get("get").get("parameters");
        assertThat(params.findValuesAsText("name")).contains("userId", "k", "candidateCount", "explain", "exclude",
                "contextItemId", "categoryId");
        JsonNode k = params.get(params.findValuesAsText("name").indexOf("k"));
        assertThat(k.get("schema").get("maximum").asInt()).isEqualTo(200);
        JsonNode exclude = params.get(params.findValuesAsText("name").indexOf("exclude"));
        assertThat(exclude.get("schema").get("type").asText()).isEqualTo("array");
        assertThat(exclude.get("schema").get("maxItems").asInt()).isEqualTo(200);
        JsonNode body = doc.get("components").get("schemas").get("RecommendationRequest").get("properties");
        assertThat(body.get("exclude").get("maxItems").asInt()).isEqualTo(200);
        assertThat(body.has("contextItemId")).isTrue();
        assertThat(body.has("categoryId")).isTrue();
        assertThat(params.get(0).get("required").asBoolean()).isTrue();
        // The ingest controller reads its body itself; the document still has to say what to send.
        JsonNode events = doc.get("paths").get("/v1/events").get("post").get("requestBody");
        assertThat(events.get("required").asBoolean()).isTrue();
        JsonNode array = events.get("content").get("application/json").get("schema");
        assertThat(array.get("type").asText()).isEqualTo("array");
        String ref = array.get("items").get("$ref").asText();
        JsonNode event = doc.get("components").get("schemas").get(ref.substring(ref.lastIndexOf('/') + 1));
        assertThat(event.get("required")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("eventId", "userId", "itemId", "categoryId", "type", "timestamp");
        assertThat(event.get("properties").get("type").get("enum")).extracting(JsonNode::asText)
                .containsExactly("impression", "click", "cart", "fav", "buy");
    }

    @Test
    void everyMetricListedInTheApiDocumentIsExposed() throws Exception {
        ok(get("/v1/recommendations?userId=424245&k=3&explain=true"));
        ok(post("/v1/recommendations", "{\"userId\":424246,\"k\":2,\"candidates\":[12001,12002]}"));
        String exposed = get("/actuator/prometheus").body();
        String doc = Files.readString(Path.of("..", "docs", "api.md"));
        Matcher m = Pattern.compile("`(streamrank_[a-z_]+)").matcher(doc);
        Set<String> listed = new TreeSet<>();
        while (m.find()) {
            listed.add(m.group(1));
        }
        assertThat(listed).hasSizeGreaterThan(10);
        for (String name : listed) {
            assertThat(exposed).as(name).containsPattern("(?m)^" + name + "(_bucket|_count|_sum|_max)?[{ ]");
        }
        for (String stage : new String[] {"retrieve", "features", "score", "rules", "total"}) {
            assertThat(exposed).contains("streamrank_recommend_latency_seconds_bucket{stage=\"" + stage + "\"");
        }
    }

    @Test
    void ingestAcceptsValidEventsIntoKafkaAndListsTheRejectedOnes() throws Exception {
        long now = System.currentTimeMillis();
        HttpResponse<String> r = post("/v1/events", """
                [{"eventId":"i1","userId":9,"itemId":12001,"categoryId":12,"type":"click","timestamp":%d},
                 {"eventId":"i2","userId":9,"itemId":12001,"categoryId":12,"type":"wink","timestamp":%d}]"""
                .formatted(now, now));
        assertThat(r.statusCode()).isEqualTo(202);
        JsonNode json = JSON.readTree(r.body());
        assertThat(json.get("accepted").asInt()).isEqualTo(1);
        assertThat(json.get("rejected").get(0).get("reason").asText()).isEqualTo("unknown_type");
        assertProblem(post("/v1/events", "{\"not\":\"an array\"}"), 400, "malformed-body");
        assertProblem(post("/v1/events", "[]"), 422, "no-valid-events");
        assertProblem(post("/v1/events", "[" + "1,".repeat(1_000) + "1]"), 400, "too-many-events");
        assertProblem(post("/v1/events", "[\"" + "x".repeat(1_100_000) + "\"]"), 413, "body-too-large");

        // An Accept the answer cannot meet is refused before sending: a 406 after the send told the client "no" about
        // events that were in Kafka.
        assertProblem(HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/events"))
                .header("content-type", "application/json").header("accept", "text/plain")
                .header("Authorization", bearer())
                .POST(HttpRequest.BodyPublishers.ofString("""
                        [{"eventId":"i406","userId":9,"itemId":12001,"categoryId":12,"type":"click","timestamp":%d}]"""
                        .formatted(now))).build(), HttpResponse.BodyHandlers.ofString()), 406, "not-acceptable");
        List<String> sent = clickstreamValues();
        assertThat(sent).as("the accepted event reached Kafka").anyMatch(v -> v.contains("\"i1\""));
        assertThat(sent).noneMatch(v -> v.contains("\"i406\""));
    }

    @Test
    void theNoOpEndpointAnswersThroughTheSameStack() throws Exception {
        assertThat(ok(get("/v1/ping")).get("status").asText()).isEqualTo("ok");
    }
}
