package io.streamrank.local;

import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.features.FeatureCodec;
import io.streamrank.contract.features.RedisKeys;
import io.streamrank.contract.registry.LocalDirectoryStore;
import io.streamrank.contract.registry.ModelRepository;
import io.streamrank.pipeline.FeatureJob;
import io.streamrank.pipeline.PipelineSettings;
import io.streamrank.registry.TrainOptions;
import io.streamrank.registry.Trainer;
import io.streamrank.testkit.EmbeddedKafka;
import io.streamrank.testkit.LocalRedis;
import io.streamrank.testkit.LocalRedisCluster;
import io.streamrank.testkit.RedisNamespace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.apache.flink.core.execution.JobClient;

/**
 * Brings up every real part on this machine, in order: Redis (the local server, or a three-master Redis Cluster started
 * for the stack), Kafka (in-process KRaft broker), a model (trained now unless the store has one), the feature job
 * (Flink MiniCluster in this JVM), the replay of recorded events, and the ranking service (its own JVM).
 * {@link #close()} stops them in reverse order.
 */
public final class LocalStack implements AutoCloseable {

    /**
     * @param port              HTTP port of the ranking service; 0: a free port, picked as the service starts
     * @param models            model store root; trained into when empty
     * @param trainEvents       events to train the default model on (Taobao CSV or JSON lines)
     * @param replayEvents      Taobao CSV replayed into Kafka, rebased to end now
     * @param replayLimit       replay at most this many rows (0 for all)
     * @param redisPrefix       Redis key prefix of this stack (cleared at start)
     * @param rankingServiceJar the service's fat jar
     * @param nativesDir        folder with the TensorFlow native libraries
     * @param workDir           logs and checkpoints
     * @param checkpoints       the feature job's checkpoint interval; zero disables checkpoints
     * @param redisCluster      start a three-master Redis Cluster from {@code redis-server} on PATH for the stack and
     *                          use the feature job's and the service's cluster switches (ADR 52), instead of the local
     *                          Redis
     */
    public record Options(int port, Path models, Path trainEvents, Path replayEvents, int replayLimit,
                          String redisPrefix, Path rankingServiceJar, Path nativesDir, Path workDir,
                          Duration checkpoints, boolean redisCluster) {

        /** On the local Redis server. */
        public Options(int port, Path models, Path trainEvents, Path replayEvents, int replayLimit, String redisPrefix,
                       Path rankingServiceJar, Path nativesDir, Path workDir, Duration checkpoints) {
            this(port, models, trainEvents, replayEvents, replayLimit, redisPrefix, rankingServiceJar, nativesDir,
                    workDir, checkpoints, false);
        }

        /** The feature job's checkpoint interval when nothing says otherwise (as a small production job). */
        public static final Duration DEFAULT_CHECKPOINTS = Duration.ofSeconds(10);
    }

    private final List<AutoCloseable> parts = new ArrayList<>();
    private final Consumer<String> progress;
    private final Thread onExit = new Thread(this::closeParts, "local-stack-shutdown");
    /** Set once the parts were stopped: a part that starts later (the JVM stopped during start-up) is stopped too. */
    private boolean closed;
    private String baseUrl;
    private String bootstrapServers;
    private String redisUri;
    private boolean redisCluster;
    private List<ClickEvent> replayed = List.of();
    private String modelVersion;
    /** The ranking service's API write token, new in every run (ADR 78): writes need it, reads do not. */
    private final String writeToken = newWriteToken();

    private LocalStack(Consumer<String> progress) {
        this.progress = progress;
    }

    /**
     * Starts every part, each stopped again by {@link #close} or, if the JVM is stopped first (Ctrl-C, SIGTERM, also
     * during the minutes of start-up), by a shutdown hook: the service's JVM, the feature job and the keys under the
     * prefix do not outlive this process.
     */
    public static LocalStack start(Options o, Consumer<String> progress) throws Exception {
        LocalStack stack = new LocalStack(progress);
        Runtime.getRuntime().addShutdownHook(stack.onExit);
        try {
            stack.startAll(o);
            return stack;
        } catch (Exception | Error e) {
            stack.close();
            throw e;
        }
    }

    private void startAll(Options o) throws Exception {
        // Before anything starts: the data is the one input a fresh machine may lack.
        requireFile(o.replayEvents(), "replay events");
        if (o.port() != 0) {
            Ports.requireFree(o.port()); // checked again when the service starts, minutes later
        }
        long t0 = System.nanoTime();
        UnaryOperator<String> get = redis(o, t0);

        EmbeddedKafka kafka = EmbeddedKafka.start(2, "clickstream", "clickstream-dlq");
        add(kafka);
        bootstrapServers = kafka.bootstrapServers();
        step(t0, "Kafka (in-process KRaft broker) at " + bootstrapServers);

        // The version the service will serve: production if the registry has one, else the newest not archived.
        modelVersion = new ModelRepository(new LocalDirectoryStore(o.models())).servingVersion(false).orElse(null);
        if (modelVersion == null) {
            requireFile(o.trainEvents(), "training events (no model in " + o.models() + " yet)");
            progress.accept("training the default model on " + o.trainEvents() + " ...");
            modelVersion = Trainer.train(TrainOptions.defaults(List.of(o.trainEvents()), o.models()),
                    line -> progress.accept("  " + line)).version();
        }
        step(t0, "model " + modelVersion + " in " + o.models().toAbsolutePath());

        Files.createDirectories(o.workDir());
        PipelineSettings settings = PipelineSettings.fromArgs(new String[] {
            "--kafka.bootstrap", bootstrapServers, "--redis.uri", redisUri, "--redis.cluster",
            Boolean.toString(redisCluster), "--redis.prefix", o.redisPrefix(),
            "--parallelism", "2", "--checkpoint.interval", o.checkpoints().toMillis() + "ms",
            "--checkpoint.dir", o.workDir().resolve("checkpoints").toAbsolutePath().toUri().toString()});
        JobClient job = FeatureJob.start(settings);
        add(() -> FeatureJob.stop(job));
        step(t0, "feature job running on a Flink MiniCluster (job " + job.getJobID() + ")");

        List<ClickEvent> events = TaobaoReplay.rebase(TaobaoReplay.read(o.replayEvents(), o.replayLimit()),
                System.currentTimeMillis() - 1_000L);
        progress.accept(String.format("replaying %,d events from %s ...", events.size(), o.replayEvents()));
        TaobaoReplay.produce(bootstrapServers, "clickstream", events, progress);
        replayed = events;
        awaitCaughtUp(get, new RedisKeys(o.redisPrefix()), events);
        step(t0, "features of the replay are in Redis");

        Path catalog = o.workDir().resolve("catalog.csv").toAbsolutePath();
        List<List<ClickEvent>> shop = new ArrayList<>();
        // The whole replay file: the events just replayed when it was replayed whole (rebased, same items).
        shop.add(o.replayLimit() == 0 ? events : TaobaoReplay.read(o.replayEvents(), 0));
        if (Files.isRegularFile(o.trainEvents()) && o.trainEvents().toString().endsWith(".csv")) {
            shop.add(TaobaoReplay.read(o.trainEvents(), 0));
        }
        int listed = DemoCatalog.write(catalog, System.currentTimeMillis(), shop);
        step(t0, String.format("catalog of %,d items (their categories from the data) in %s", listed, catalog));

        List<String> properties = List.of(
                        "streamrank.kafka.bootstrap-servers=" + bootstrapServers,
                        "streamrank.redis.uri=" + redisUri,
                        "streamrank.redis.cluster=" + redisCluster,
                        "streamrank.redis.key-prefix=" + o.redisPrefix(),
                        // A laptop or CI machine shares its cores with Kafka, Flink and the build: a production
                        // timeout of 100 ms would turn scheduling hiccups into degraded answers.
                        "streamrank.redis.timeout=500ms",
                        // Repeating the same curl to watch a click take effect must not hide what the last one showed.
                        "streamrank.rules.drop-shown=false",
                        // A short start-up warm-up (production: 20 s, ADR 53): the demo's first answers come from
                        // compiled code, without making a laptop wait long, nor longer while the JIT is busy (ADR 62).
                        "streamrank.warmup.duration=5s",
                        "streamrank.warmup.max-duration=5s",
                        "streamrank.model.dir=" + o.models().toAbsolutePath(),
                        "streamrank.catalog.csv=" + catalog);
        // The service listens on every address, as a pod does, so its writes need a token (ADR 78).
        RankingServiceProcess service = RankingServiceProcess.start(o.rankingServiceJar(), o.nativesDir(), o.port(),
                o.workDir().resolve("ranking-service.log"), properties,
                Map.of("STREAMRANK_API_WRITE_TOKEN", writeToken), this::add);
        baseUrl = service.baseUrl();
        step(t0, "ranking service at " + baseUrl + " (log: " + service.log() + ")");
    }

    /**
     * Starts or finds Redis: the local server with the stack's prefix cleared, or a fresh three-master cluster.
     *
     * @return a GET of one key, for {@link #awaitCaughtUp}
     */
    private UnaryOperator<String> redis(Options o, long t0) throws Exception {
        redisCluster = o.redisCluster();
        if (redisCluster) {
            LocalRedisCluster cluster = LocalRedisCluster.start();
            add(cluster);
            redisUri = cluster.seedUri();
            RedisClusterClient client = RedisClusterClient.create(redisUri);
            StatefulRedisClusterConnection<String, String> connection = client.connect();
            add(() -> {
                connection.close();
                client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            });
            step(t0, "Redis Cluster of three masters at " + redisUri + " (started from PATH), keys under '"
                    + o.redisPrefix() + "'");
            return connection.sync()::get;
        }
        LocalRedis redis = LocalRedis.findOrStart();
        add(redis);
        RedisNamespace keys = new RedisNamespace(redis.uri(), o.redisPrefix(), true);
        add(keys);
        redisUri = redis.uri();
        step(t0, "Redis at " + redis.uri() + (redis.isOwnProcess() ? " (started from PATH)" : "")
                + ", keys under '" + o.redisPrefix() + "'");
        return keys.commands()::get;
    }

    /**
     * Waits until the last replayed event of each of the 20 users who clicked last is visible in Redis: users are
     * spread over the topic's partitions, so one user's event only shows that its own partition caught up.
     */
    private void awaitCaughtUp(UnaryOperator<String> get, RedisKeys keys, List<ClickEvent> events)
            throws InterruptedException {
        java.util.Map<Long, Long> lastOfUser = new java.util.LinkedHashMap<>();
        for (int i = events.size() - 1; i >= 0 && lastOfUser.size() < 20; i--) {
            lastOfUser.putIfAbsent(events.get(i).userId(), events.get(i).timestamp());
        }
        long start = System.nanoTime();
        long deadline = start + Duration.ofMinutes(3).toNanos();
        long nextReport = start + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() - deadline < 0) {
            lastOfUser.entrySet().removeIf(e -> {
                String v = get.apply(keys.user(e.getKey()));
                return v != null && FeatureCodec.decodeUser(v).lastEventAt() >= e.getValue();
            });
            if (lastOfUser.isEmpty()) {
                return;
            }
            if (System.nanoTime() - nextReport >= 0) {
                progress.accept(String.format("  waiting for the feature job: %d of the last users' features not in "
                        + "Redis yet (%.0f s)", lastOfUser.size(), (System.nanoTime() - start) / 1e9));
                nextReport += Duration.ofSeconds(15).toNanos();
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the feature job did not catch up with the replay within 3 minutes");
    }

    private void step(long t0, String what) {
        progress.accept(String.format("[%5.1fs] %s", (System.nanoTime() - t0) / 1e9, what));
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** What writes to the service ({@code POST /v1/events}, {@code PUT /v1/catalog/items}) send as bearer token. */
    public String writeToken() {
        return writeToken;
    }

    private static String newWriteToken() {
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Redis of the stack: the local server, or a seed node of its cluster ({@link #redisCluster()}). */
    public String redisUri() {
        return redisUri;
    }

    public boolean redisCluster() {
        return redisCluster;
    }

    public String modelVersion() {
        return modelVersion;
    }

    /** The replayed events, rebased to end now, in time order. */
    public List<ClickEvent> replayed() {
        return replayed;
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(onExit);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs (or ran) closeParts itself
        }
        closeParts();
    }

    private static void requireFile(Path file, String what) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(what + " not found: " + file.toAbsolutePath().normalize() + " (the Taobao "
                    + "samples belong in ../shared/data/taobao-userbehavior/, see its PROVENANCE.md; --data points "
                    + "elsewhere)");
        }
    }

    /** Keeps a started part to stop; if the stack was stopped meanwhile, stops it now and abandons the start. */
    private synchronized void add(AutoCloseable part) {
        if (closed) {
            try {
                part.close();
            } catch (Exception e) {
                progress.accept("while stopping: " + e);
            }
            throw new IllegalStateException("stopped while starting");
        }
        parts.add(part);
    }

    /** Stops the parts in reverse order of their start; a second call finds none left. */
    private synchronized void closeParts() {
        closed = true;
        for (int i = parts.size() - 1; i >= 0; i--) {
            try {
                parts.get(i).close();
            } catch (Exception e) {
                progress.accept("while stopping: " + e);
            }
        }
        parts.clear();
    }
}
