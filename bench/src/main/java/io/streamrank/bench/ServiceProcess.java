package io.streamrank.bench;

import io.streamrank.local.LocalStack;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The ranking service under test: its fat jar in its own JVM with the JVM options being measured. */
final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Pattern SAMPLE = Pattern.compile(
            "^(streamrank_recommend_latency_seconds_(?:sum|count))\\{stage=\"([a-z]+)\"[^}]*} ([0-9.eE+-]+)$");
    /** Time scoring calls waited for a pooled predictor: sum and count. */
    private static final Pattern WAIT = Pattern.compile(
            "^streamrank_model_predictor_wait_seconds_(sum|count)(?:\\{[^}]*})? ([0-9.eE+-]+)$");
    /** Requests per model call (dynamic batching): sum and count. */
    private static final Pattern PER_CALL = Pattern.compile(
            "^streamrank_model_call_requests_(sum|count)(?:\\{[^}]*})? ([0-9.eE+-]+)$");
    /** Redis round trips per request: sum, count and the one- and two-round buckets. */
    private static final Pattern ROUNDS = Pattern.compile(
            "^streamrank_recommend_redis_rounds_(sum|count|bucket\\{le=\"[12]\\.0\"})(?:\\{[^}]*})? ([0-9.eE+-]+)$");
    /** Item values and catalog entries read in retrieval's round ahead of the request's lookup (ADR 48). */
    private static final Pattern READ_AHEAD = Pattern.compile(
            "^streamrank_values_read_ahead_total\\{kind=\"(item|catalog)\"[^}]*} ([0-9.eE+-]+)$");
    /** Hits (fresh and stale) and misses of the shared item-feature, retrieval-list and catalog caches. */
    private static final Pattern CACHE = Pattern.compile(
            "^streamrank_(features_item|retrieval_list|catalog)_cache_total\\{result=\"(hit|stale|miss)\"[^}]*}"
                    + " ([0-9.eE+-]+)$");
    /** Neighbour lists of single items the HNSW index answered from its per-item cache or searched in its graph. */
    static final Pattern NEIGHBOURS = Pattern.compile(
            "^streamrank_ann_neighbour_lists_total\\{result=\"(cached|searched)\"[^}]*} ([0-9.eE+-]+)$");
    /** Cached keys Redis announced as changed (ADR 56). */
    private static final Pattern INVALIDATIONS = Pattern.compile(
            "^streamrank_redis_tracking_invalidations_total(?:\\{[^}]*})? ([0-9.eE+-]+)$");
    /** JVM stop-the-world GC pauses (Micrometer's JVM metrics): sum and count over every collector and cause. */
    private static final Pattern GC = Pattern.compile("^jvm_gc_pause_seconds_(sum|count)\\{[^}]*} ([0-9.eE+-]+)$");
    /**
     * Bytes allocated in the young generation and bytes promoted to the old one (Micrometer's JVM metrics, counted at
     * each collection): garbage per request, and the cache values and buffers that outlive a collection.
     */
    private static final Pattern GC_BYTES = Pattern.compile(
            "^jvm_gc_memory_(allocated|promoted)_bytes_total(?:\\{[^}]*})? ([0-9.eE+-]+)$");

    /** A JVM option set's token naming the Java installation that runs the service (default: the bench's own). */
    private static final String JDK = "jdk=";

    private final Process process;
    private final String baseUrl;
    private final Path log;
    private final String writeToken;
    private ScheduledExecutorService scraper;

    private ServiceProcess(Process process, String baseUrl, Path log, String writeToken) {
        this.process = process;
        this.baseUrl = baseUrl;
        this.log = log;
        this.writeToken = writeToken;
    }

    /**
     * @param writeToken the API write token the service is given (ADR 78), in its environment, not on the command line
     *                   that any user of the machine can read; its writes need it
     */
    static ServiceProcess start(Path jar, Path natives, List<String> jvmOptions, int port, Path log,
                                List<String> properties, String writeToken) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        String home = jvmOptions.stream().filter(j -> j.startsWith(JDK)).map(j -> j.substring(JDK.length()))
                .reduce((a, b) -> b).orElse(System.getProperty("java.home"));
        cmd.add(Path.of(home, "bin", "java").toString());
        DamonSetting.jvmOptions(jvmOptions).stream().filter(j -> !j.startsWith(JDK)).forEach(cmd::add);
        cmd.addAll(List.of("-Dai.djl.offline=true", "-DTENSORFLOW_LIBRARY_PATH=" + natives.toAbsolutePath(),
                "-jar", jar.toAbsolutePath().toString(), "--server.port=" + port));
        properties.forEach(p -> cmd.add("--" + p));
        Files.createDirectories(log.toAbsolutePath().getParent());
        // Another server on the port would answer the readiness checks and be measured instead.
        io.streamrank.local.Ports.requireFree(port);
        ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("STREAMRANK_API_WRITE_TOKEN", writeToken);
        Process p = builder.start();
        ServiceProcess s = new ServiceProcess(p, "http://localhost:" + port, log, writeToken);
        if (!s.await("/actuator/health/readiness", body -> true, Duration.ofSeconds(180)) || !p.isAlive()) {
            s.close();
            throw new IllegalStateException("the service under test on :" + port + " was not ready within 180 s; "
                    + "see " + log);
        }
        return s;
    }

    /**
     * The service built as {@code jar} under {@code jvm}, wired to the local stack's Kafka and Redis (the bench's key
     * prefix) and to the model store {@code --models} (or {@code --compare-models}) names for that build. It listens on
     * every address as a pod does, with the stack's write token (nothing writes to it; a jar from before ADR 78
     * ignores the token).
     */
    static ServiceProcess startForBench(BenchOptions o, LocalStack stack, Path jar, List<String> jvm, int port,
                                        Path log) throws IOException, InterruptedException {
        ServiceProcess s = start(jar, Path.of(o.get("natives")), jvm, port, log, List.of(
                "streamrank.kafka.bootstrap-servers=" + stack.bootstrapServers(),
                "streamrank.redis.uri=" + stack.redisUri(),
                "streamrank.redis.cluster=" + stack.redisCluster(),
                "streamrank.redis.key-prefix=" + o.get("redis-prefix"),
                "streamrank.model.dir=" + o.models(jar).toAbsolutePath(),
                "streamrank.retrieval.ann-reload-check=1s"), stack.writeToken());
        s.scrapeEvery(o.integer("scrape-every"));
        return s;
    }

    /**
     * Reads /actuator/prometheus every {@code seconds} until {@link #close}, as Prometheus does in production
     * (deploy/'s ServiceMonitor: 15 s). Without it the only scrapes were the bench's own between phases, and the
     * first one after a phase of nothing but recommendations set off a burst of ~100 compilations within a second,
     * deoptimizations of the shared request path among them, and the phase's longest stall with it (ADR 46).
     */
    private void scrapeEvery(int seconds) {
        if (seconds <= 0) {
            return;
        }
        scraper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "prometheus-scrape");
            t.setDaemon(true);
            return t;
        });
        scraper.scheduleAtFixedRate(() -> {
            try {
                get("/actuator/prometheus");
            } catch (IOException e) {
                // the next scrape will tell; a missed scrape is what Prometheus would see too
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, seconds, seconds, TimeUnit.SECONDS);
    }

    String baseUrl() {
        return baseUrl;
    }

    Path log() {
        return log;
    }

    /** Waits until the HNSW index is built (or gives up and says so). */
    boolean awaitAnnIndex(Duration timeout) throws IOException, InterruptedException {
        return await("/actuator/prometheus", body -> body.lines()
                .anyMatch(l -> l.startsWith("streamrank_ann_index_items ") && !l.endsWith(" 0.0")), timeout);
    }

    /**
     * Sum and count of the stage latencies so far, keyed {@code sum/stage} and {@code count/stage}, with the other
     * counters {@link Report#stages} turns into per-phase figures.
     */
    Map<String, Double> stageTotals() throws IOException, InterruptedException {
        Map<String, Double> out = new HashMap<>();
        for (String line : get("/actuator/prometheus").lines().toList()) {
            Matcher m = SAMPLE.matcher(line);
            if (m.matches()) {
                out.put((m.group(1).endsWith("sum") ? "sum/" : "count/") + m.group(2), Double.parseDouble(m.group(3)));
            }
            Matcher w = WAIT.matcher(line);
            if (w.matches()) {
                out.put("wait/" + w.group(1), Double.parseDouble(w.group(2)));
            }
            Matcher c = PER_CALL.matcher(line);
            if (c.matches()) {
                out.put("calls/" + c.group(1), Double.parseDouble(c.group(2)));
            }
            Matcher r = ROUNDS.matcher(line);
            if (r.matches()) {
                String key = r.group(1).startsWith("bucket") ? r.group(1).contains("1.0") ? "one" : "two" : r.group(1);
                out.put("rounds/" + key, Double.parseDouble(r.group(2)));
            }
            Matcher a = READ_AHEAD.matcher(line);
            if (a.matches()) {
                out.merge("ahead/" + (a.group(1).equals("item") ? "features_item" : "catalog"),
                        Double.parseDouble(a.group(2)), Double::sum);
            }
            Matcher h = CACHE.matcher(line);
            if (h.matches()) {
                out.put("cache/" + h.group(1) + "/" + h.group(2), Double.parseDouble(h.group(3)));
            }
            Matcher n = NEIGHBOURS.matcher(line);
            if (n.matches()) {
                out.put("neighbours/" + n.group(1), Double.parseDouble(n.group(2)));
            }
            Matcher inv = INVALIDATIONS.matcher(line);
            if (inv.matches()) {
                out.put("invalidations", Double.parseDouble(inv.group(1)));
            }
            Matcher g = GC.matcher(line);
            if (g.matches()) {
                out.merge("gc/" + g.group(1), Double.parseDouble(g.group(2)), Double::sum);
            }
            Matcher b = GC_BYTES.matcher(line);
            if (b.matches()) {
                out.put("gc/" + b.group(1), Double.parseDouble(b.group(2)));
            }
        }
        return out;
    }

    /** CPU time the service process has used, in seconds (from /proc). */
    double cpuSeconds() throws IOException {
        String[] f = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat")).split("\\) ")[1]
                .split(" ");
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime + stime
        return ticks / 100.0;
    }

    String get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    String put(String path, String json) throws IOException, InterruptedException {
        return put(baseUrl, writeToken, path, json);
    }

    /**
     * PUTs {@code json} to a service at {@code baseUrl} (the local stack's own, for one), with its write token: a
     * PUT is a write (ADR 78).
     */
    static String put(String baseUrl, String writeToken, String path, String json)
            throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("content-type", "application/json").header("Authorization", "Bearer " + writeToken)
                .timeout(Duration.ofSeconds(30))
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("PUT " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    private boolean await(String path, java.util.function.Predicate<String> ready, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("ranking service exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && ready.test(r.body())) {
                    return true;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        return false;
    }

    @Override
    public void close() throws InterruptedException {
        if (scraper != null) {
            scraper.shutdownNow();
        }
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
