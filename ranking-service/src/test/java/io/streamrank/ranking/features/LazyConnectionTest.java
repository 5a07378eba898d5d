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
        // A command timeout (which bounds the handshake too) longer than this test: the connect hangs until the
        // socket is closed below, whatever pauses the machine takes.
        try (HungServer server = new HungServer(Duration.ofMinutes(2))) {
            CompletableFuture<Throwable> first = server.connectInBackground();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!server.lazy.connecting() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(server.lazy.connecting()).as("the first thread is connecting").isTrue();

            assertThatThrownBy(server.lazy::get).hasMessageContaining("connecting");

            server.socket.close(); // resets the pending connection: the first connect fails now
            assertThat(first.get(30, TimeUnit.SECONDS)).isNotNull();
            assertThat(server.lazy.connecting()).isFalse();
            // Within the retry window after that failed try, callers fail without another one.
            assertThatThrownBy(server.lazy::get).hasMessageContaining("retrying");
        }
    }

    @Test
    void aConnectToAHungServerGivesUpAfterTheCommandTimeoutNotLettucesMinute() throws Exception {
        try (HungServer server = new HungServer(Duration.ofSeconds(1))) {
            // Lettuce's own default (60 s) would still be waiting for the handshake's answer; 1 s plus a loaded
            // machine's delays is far below 40 s.
            assertThat(server.connectInBackground().get(40, TimeUnit.SECONDS)).as("the connect failed by itself")
                    .isNotNull();
            assertThat(server.lazy.connecting()).isFalse();
        }
    }

    /**
     * A listening socket that never accepts: the TCP connect succeeds, Redis's handshake is never answered, so a
     * connect hangs as on a hung server. The retry window is one no pause of a loaded machine outlasts: whether the
     * caller after a failed try comes within it is then not up to the scheduler (the service's 1 s one made a test
     * depend on it).
     */
    private static final class HungServer implements AutoCloseable {

        final ClientResources resources = DefaultClientResources.create();
        final ServerSocket socket = new ServerSocket(0);
        final RedisEndpoint endpoint;
        final LazyConnection lazy;

        HungServer(Duration commandTimeout) throws Exception {
            endpoint = new RedisEndpoint(resources, "redis://127.0.0.1:" + socket.getLocalPort(), false,
                    commandTimeout, Duration.ofSeconds(10));
            lazy = new LazyConnection(endpoint, c -> { }, Duration.ofMinutes(1));
        }

        /** A connect on another thread: its failure, or null once connected. */
        CompletableFuture<Throwable> connectInBackground() {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    lazy.get();
                    return null;
                } catch (RuntimeException e) {
                    return e;
                }
            });
        }

        @Override
        public void close() throws Exception {
            socket.close();
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
