package io.streamrank.registry.versions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamrank.contract.registry.LocalDirectoryStore;
import io.streamrank.contract.registry.ObjectStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry API with every permit held answers further requests 503 at once, with Retry-After and a problem
 * document, instead of queueing them; liveness, readiness and metrics still answer.
 */
class RegistryOverloadTest {

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void requestsBeyondThePermitsAnswer503AtOnceWhileHealthAndMetricsStillAnswer() throws Exception {
        Path store = dir.resolve("store");
        StoredVersions.upload(store, "v1");
        // The store holds the first API_PERMITS listings until the test lets them go: that many requests in progress.
        CountDownLatch holding = new CountDownLatch(Admission.API_PERMITS);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger listings = new AtomicInteger();
        ObjectStore slow = storeThat(store, method -> {
            if (method.equals("folders") && listings.getAndIncrement() < Admission.API_PERMITS) {
                holding.countDown();
                release.await(30, TimeUnit.SECONDS);
            }
        });
        try (RegistryServer server = RegistryServer.start(new ModelRegistry(slow), "127.0.0.1", 0)) {
            String root = "http://127.0.0.1:" + server.port();
            List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
            for (int i = 0; i < Admission.API_PERMITS; i++) {
                held.add(http.sendAsync(request(root + "/v1/models"), HttpResponse.BodyHandlers.ofString()));
            }
            try {
                assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();

                long start = System.nanoTime();
                HttpResponse<String> refused = get(root + "/v1/models/v1");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
                assertThat(refused.statusCode()).isEqualTo(503);
                assertThat(refused.headers().firstValue("retry-after")).contains("1");
                assertThat(refused.headers().firstValue("content-type")).contains("application/problem+json");
                JsonNode problem = new ObjectMapper().readTree(refused.body());
                assertThat(problem.get("type").asText()).isEqualTo("https://streamrank.io/problems/overloaded");
                assertThat(problem.get("status").asInt()).isEqualTo(503);
                assertThat(problem.get("instance").asText()).isEqualTo("/v1/models/v1");

                assertThat(get(root + "/health/liveness").statusCode()).isEqualTo(200);
                assertThat(get(root + "/health/readiness").statusCode()).isEqualTo(200);
                assertThat(get(root + "/metrics").body())
                        .contains("streamrank_registry_requests_seconds_count{operation=\"get\",status=\"503\"} 1");
            } finally {
                release.countDown();
            }
            for (CompletableFuture<HttpResponse<String>> r : held) {
                assertThat(r.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            }
            assertThat(get(root + "/v1/models/v1").statusCode()).as("permits given back").isEqualTo(200);
        }
    }

    private interface BeforeCall {
        void run(String method) throws Exception;
    }

    /** The directory store, with {@code before} run ahead of every call. */
    private static ObjectStore storeThat(Path store, BeforeCall before) {
        ObjectStore real = new LocalDirectoryStore(store);
        return (ObjectStore) Proxy.newProxyInstance(ObjectStore.class.getClassLoader(),
                new Class<?>[] {ObjectStore.class}, (proxy, method, args) -> {
                    before.run(method.getName());
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static HttpRequest request(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build();
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(request(url), HttpResponse.BodyHandlers.ofString());
    }
}
