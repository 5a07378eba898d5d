package io.streamrank.ranking.warmup;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Closed-loop or paced ranking requests to the service's own HTTP port, each carrying the warm-up token: the whole
 * request path (Tomcat, Spring MVC, the concurrency limit, retrieval, Redis, the model, JSON) runs as it will for
 * clients.
 */
final class WarmupLoad {

    /** One request in this many asks for explanations, so that path is compiled too. */
    private static final int EXPLAIN_EVERY = 50;
    /** Two ids no item has ({@code exclude} takes ids above 0): the filter runs and drops nothing. */
    private static final String EXCLUDE_NOTHING = "&exclude=" + (Long.MAX_VALUE - 1) + "," + Long.MAX_VALUE;
    /**
     * An id no item has, when no popular item is known: as a product page asks, its reads and the retrieval steered by
     * its category are compiled before clients send one (ADR 86). It finds nothing, and takes the place of the user's
     * oldest click as a trigger.
     */
    private static final String CONTEXT_NOTHING = "&contextItemId=" + (Long.MAX_VALUE - 2);
    /** How often {@link #run(int, Duration, Duration, BooleanSupplier)} asks whether it has done enough. */
    private static final Duration CHECK_EVERY = Duration.ofMillis(250);

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final String base;
    private final String token;
    private final List<Long> users;
    /** The category of this service's category-page requests, {@code &categoryId=…}; empty when none is known. */
    private final String categoryPage;
    /** The item of this service's product-page requests, {@code &contextItemId=…}. */
    private final String productPage;
    private final AtomicLong next = new AtomicLong();

    /**
     * @param category a category items are listed under, for one request in eight to ask as a category page does (ADR
     *                 87); 0: none known, no such requests
     * @param item     an item for one request in four to ask as its product page does, so that its neighbours are
     *                 retrieved and the candidates' similarity to it (ADR 89) is compiled too; 0: an id no item has
     */
    WarmupLoad(String host, int port, String token, List<Long> users, long category, long item) {
        this.base = "http://" + host + ":" + port + "/v1/recommendations?k=10&userId=";
        this.token = token;
        this.users = users;
        this.categoryPage = category > 0 ? "&categoryId=" + category : "";
        this.productPage = item > 0 ? "&contextItemId=" + item : CONTEXT_NOTHING;
    }

    /**
     * The host the warm-up calls its own port on, from {@code server.address}: the loopback address where the server
     * listens on every address (or none is set), else that address, an IPv6 one in brackets. It was always
     * {@code 127.0.0.1}, which a service bound to {@code ::1} or to one interface does not answer.
     */
    static String host(String serverAddress) {
        if (serverAddress == null || serverAddress.isBlank()) {
            return "127.0.0.1";
        }
        String a = serverAddress.strip();
        if (a.equals("0.0.0.0") || a.equals("::") || a.equals("0:0:0:0:0:0:0:0")) {
            return "127.0.0.1";
        }
        return a.contains(":") && !a.startsWith("[") ? "[" + a + "]" : a;
    }

    /**
     * What one phase did; latencies are the means of the phase's first and last whole seconds.
     */
    record Tally(long requests, long ok, long shed, long failed, double firstSecondMs, double lastSecondMs,
                 Duration took) {
    }

    /** Keeps {@code connections} requests in flight for {@code duration}. */
    Tally run(int connections, Duration duration) throws InterruptedException {
        return run(connections, Duration.ZERO, duration, () -> false);
    }

    /**
     * Sends on {@code connections} connections, each starting a request every {@code interval} (or as soon as the
     * last one is answered, if later; {@code 0}: back to back), for at most {@code atMost}, and less once
     * {@code enough}, asked every {@link #CHECK_EVERY} in the calling thread, says so.
     */
    Tally run(int connections, Duration interval, Duration atMost, BooleanSupplier enough)
            throws InterruptedException {
        long every = interval.toNanos();
        long start = System.nanoTime();
        long deadline = start + atMost.toNanos();
        AtomicBoolean stop = new AtomicBoolean();
        int seconds = (int) Math.max(1, atMost.toSeconds());
        AtomicLongArray count = new AtomicLongArray(seconds + 1);
        AtomicLongArray nanos = new AtomicLongArray(seconds + 1);
        LongAdder ok = new LongAdder();
        LongAdder shed = new LongAdder();
        LongAdder failed = new LongAdder();
        AtomicInteger threadNo = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(connections, r -> {
            Thread t = new Thread(r, "warmup-" + threadNo.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        for (int i = 0; i < connections; i++) {
            // Spread over the interval, so that paced connections do not send in step.
            long offset = every * i / connections;
            pool.execute(() -> {
                long due = System.nanoTime() + offset;
                while (!stop.get() && System.nanoTime() - deadline < 0 && !Thread.currentThread().isInterrupted()) {
                    if (every > 0) {
                        LockSupport.parkNanos(due - System.nanoTime());
                        due = Math.max(due + every, System.nanoTime());
                        if (stop.get() || System.nanoTime() - deadline >= 0) {
                            break; // told to stop while it waited
                        }
                    }
                    long sent = System.nanoTime();
                    int status = send();
                    long took = System.nanoTime() - sent;
                    int second = (int) Math.min(seconds, (sent - start) / 1_000_000_000L);
                    count.incrementAndGet(second);
                    nanos.addAndGet(second, took);
                    (status == 200 ? ok : status == 503 ? shed : failed).increment();
                }
            });
        }
        pool.shutdown();
        while (!pool.awaitTermination(CHECK_EVERY.toMillis(), TimeUnit.MILLISECONDS)) {
            if (!stop.get() && enough.getAsBoolean()) {
                stop.set(true);
            }
            if (System.nanoTime() - deadline > TimeUnit.SECONDS.toNanos(30)) {
                pool.shutdownNow();
                break;
            }
        }
        int elapsed = (int) Math.min(seconds, (System.nanoTime() - start) / 1_000_000_000L);
        int last = Math.max(0, elapsed - 1);
        return new Tally(ok.sum() + shed.sum() + failed.sum(), ok.sum(), shed.sum(), failed.sum(),
                meanMs(count, nanos, 0), meanMs(count, nanos, last), Duration.ofNanos(System.nanoTime() - start));
    }

    private int send() {
        long i = next.getAndIncrement();
        String uri = base + users.get((int) (i % users.size())) + (i % EXPLAIN_EVERY == 0 ? "&explain=true" : "")
                // As a page that leaves out what it shows: the list's parsing and the filter's look-ups are compiled
                // before clients send one. Ids no item has, so the answer is the same as without.
                + (i % 4 == 1 ? EXCLUDE_NOTHING : i % 4 == 3 ? productPage : i % 8 == 6 ? categoryPage : "");
        // Accept as API clients send it: without it Spring MVC's content negotiation takes another branch, and the
        // first client requests deoptimized what the warm-up had compiled (ADR 62).
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(uri)).header(WarmupToken.HEADER, token)
                .header("Accept", "application/json").timeout(Duration.ofSeconds(5)).GET();
        if (i % 2 == 0) {
            // As a shop's backend reads under record-shown=with-token (ADR 84): the token check is compiled before
            // clients arrive. It matches no write token, and a warm-up answer is never recorded anyway.
            builder.header("Authorization", "Bearer " + token);
        }
        HttpRequest request = builder.build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static double meanMs(AtomicLongArray count, AtomicLongArray nanos, int second) {
        long n = count.get(second);
        return n == 0 ? Double.NaN : nanos.get(second) / 1e6 / n;
    }
}
