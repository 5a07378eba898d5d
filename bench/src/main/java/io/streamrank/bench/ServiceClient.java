package io.streamrank.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

/**
 * The page evaluations' calls to a running ranking service on localhost: explained recommendations and event posts,
 * with the API write token when one is given. Any answer but the expected status is an error naming it.
 */
final class ServiceClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String token;

    ServiceClient(int port, String token) {
        this.base = "http://localhost:" + port;
        this.token = token;
    }

    /** The answer of {@code GET /v1/recommendations?<query>}. */
    JsonNode recommendations(String query) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request("/v1/recommendations?" + query).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + r.statusCode() + " for " + query + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /**
     * The model version the service ranks an anonymous user's page with (null when it answers without one); during a
     * canary or an A/B split, that of the given user's cohort only.
     */
    String servedVersion(long anonymousUser) throws IOException, InterruptedException {
        return recommendations("userId=" + anonymousUser + "&k=1").path("modelVersion").asText(null);
    }

    /** A status and body. */
    record Answer(int status, String body) {
    }

    /** The answer of {@code GET <path>}, whatever its status. */
    Answer get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request(path).build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body());
    }

    /** Posts the events ({@code POST /v1/events}, at most 1,000), each a map of the event's JSON fields. */
    void post(List<Map<String, Object>> events) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request("/v1/events").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(events))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 202) {
            throw new IllegalStateException("HTTP " + r.statusCode() + " for the events posted: " + r.body());
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }
}
