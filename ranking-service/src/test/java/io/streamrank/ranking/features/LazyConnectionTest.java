package io.streamrank.ranking.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisURI;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LazyConnectionTest {

    @Test
    void whileOneThreadConnectsToAHungServerTheOthersGiveUpInsteadOfQueueingBehindIt() throws Exception {
        ClientResources resources = DefaultClientResources.create();
        // A listening socket that never accepts: the TCP connect succeeds, Redis's handshake is never answered, so
        // the first connect hangs as on a hung server.
        ServerSocket hung = new ServerSocket(0);
        // A command timeout (which bounds the handshake too) longer than this test: the connect hangs until the
        // socket is closed below, whatever pauses the machine takes.
        RedisEndpoint endpoint = new RedisEndpoint(resources, "redis://127.0.0.1:" + hung.getLocalPort(), false,
                Duration.ofMinutes(2), Duration.ofSeconds(10));
        // A retry window no pause of a loaded machine outlasts: whether the caller after the failed try comes within
        // it is then not up to the scheduler (the service's 1 s one made this test depend on it).
        LazyConnection lazy = new LazyConnection(endpoint, c -> { }, Duration.ofMinutes(1));
        try {
            CompletableFuture<Throwable> first = CompletableFuture.supplyAsync(() -> {
                try {
                    lazy.get();
                    return null;
                } catch (RuntimeException e) {
                    return e;
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!lazy.connecting() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(lazy.connecting()).as("the first thread is connecting").isTrue();

            assertThatThrownBy(lazy::get).hasMessageContaining("connecting");

            hung.close(); // resets the pending connection: the first connect fails now
            assertThat(first.get(30, TimeUnit.SECONDS)).isNotNull();
            assertThat(lazy.connecting()).isFalse();
            // Within the retry window after that failed try, callers fail without another one.
            assertThatThrownBy(lazy::get).hasMessageContaining("retrying");
        } finally {
            hung.close();
            lazy.close();
            endpoint.shutdown();
            resources.shutdown(0, 1, TimeUnit.SECONDS);
        }
    }

    @Test
    void aConnectToAHungServerGivesUpAfterTheCommandTimeoutNotLettucesMinute() throws Exception {
        ClientResources resources = DefaultClientResources.create();
        ServerSocket hung = new ServerSocket(0);
        RedisEndpoint endpoint = new RedisEndpoint(resources, "redis://127.0.0.1:" + hung.getLocalPort(), false,
                Duration.ofSeconds(1), Duration.ofSeconds(10));
        LazyConnection lazy = new LazyConnection(endpoint, c -> { }, Duration.ofMinutes(1));
        try {
            CompletableFuture<Throwable> first = CompletableFuture.supplyAsync(() -> {
                try {
                    lazy.get();
                    return null;
                } catch (RuntimeException e) {
                    return e;
                }
            });
            // Lettuce's own default (60 s) would still be waiting for the handshake's answer; 1 s plus a loaded
            // machine's delays is far below 40 s.
            assertThat(first.get(40, TimeUnit.SECONDS)).as("the connect failed by itself").isNotNull();
            assertThat(lazy.connecting()).isFalse();
        } finally {
            hung.close();
            lazy.close();
            endpoint.shutdown();
            resources.shutdown(0, 1, TimeUnit.SECONDS);
        }
    }

    @Test
    void aTimeoutTheUriSetsIsKept() {
        String own = "redis://127.0.0.1:6379?timeout=7s";
        assertThat(RedisEndpoint.bound(RedisURI.create(own), own, Duration.ofMillis(1500)).getTimeout())
                .isEqualTo(Duration.ofSeconds(7));
        String plain = "redis://127.0.0.1:6379";
        assertThat(RedisEndpoint.bound(RedisURI.create(plain), plain, Duration.ofMillis(1500)).getTimeout())
                .isEqualTo(Duration.ofMillis(1500));
    }
}
