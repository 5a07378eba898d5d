package io.streamrank.ranking.warmup;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The warm-up's load against a stand-in server that answers at once: the service itself is in StartupWarmupIT. */
class WarmupLoadTest {

    private HttpServer server;
    private final AtomicInteger received = new AtomicInteger();
    private final AtomicReference<String> accept = new AtomicReference<>();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            received.incrementAndGet();
            accept.set(exchange.getRequestHeaders().getFirst("Accept"));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private WarmupLoad load() {
        return new WarmupLoad("127.0.0.1", server.getAddress().getPort(), "token", List.of(1L, 2L, 3L), 0L, 0L);
    }

    @Test
    void pacedConnectionsSendNoMoreThanOneRequestPerInterval() throws Exception {
        WarmupLoad.Tally tally = load().run(2, Duration.ofMillis(100), Duration.ofSeconds(1), () -> false);

        // At most one request per connection per interval, whatever the machine's speed: 2 × (1 s / 100 ms + 1).
        assertThat(tally.requests()).isBetween(1L, 22L);
        assertThat(tally.ok()).isEqualTo(tally.requests());
        assertThat(received.get()).isEqualTo((int) tally.requests());
        // As API clients send it, so that Spring MVC's content negotiation is compiled for them (ADR 62).
        assertThat(accept.get()).isEqualTo("application/json");
    }

    @Test
    void theLoadStopsOnceItHasDoneEnoughLongBeforeItsLimit() throws Exception {
        WarmupLoad.Tally tally = load().run(2, Duration.ZERO, Duration.ofSeconds(60), () -> true);

        assertThat(tally.took()).isLessThan(Duration.ofSeconds(30));
        assertThat(tally.requests()).isPositive();
    }

    @Test
    void itCallsTheAddressTheServerListensOnAndTheLoopbackWhereItListensOnEveryOne() throws Exception {
        assertThat(WarmupLoad.host(null)).isEqualTo("127.0.0.1");
        assertThat(WarmupLoad.host("0.0.0.0")).isEqualTo("127.0.0.1");
        assertThat(WarmupLoad.host("::")).isEqualTo("127.0.0.1");
        assertThat(WarmupLoad.host("10.1.2.3")).isEqualTo("10.1.2.3");
        assertThat(WarmupLoad.host("::1")).isEqualTo("[::1]");

        HttpServer v6;
        try {
            v6 = HttpServer.create(new InetSocketAddress(InetAddress.getByName("::1"), 0), 0);
        } catch (java.io.IOException e) {
            Assumptions.abort("no IPv6 loopback here: " + e);
            return;
        }
        AtomicInteger seen = new AtomicInteger();
        v6.createContext("/", exchange -> {
            seen.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        v6.start();
        try {
            // A service bound to ::1 only: 127.0.0.1, the address it always called, reaches nothing there.
            new WarmupLoad(WarmupLoad.host("::1"), v6.getAddress().getPort(), "token", List.of(1L), 0L, 0L)
                    .run(1, Duration.ofMillis(300));
            assertThat(seen.get()).isPositive();
        } finally {
            v6.stop(0);
        }
    }
}
