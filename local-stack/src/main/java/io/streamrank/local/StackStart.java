package io.streamrank.local;

import io.streamrank.contract.event.ClickEvent;
import io.streamrank.contract.features.RedisKeys;
import io.streamrank.contract.registry.LocalDirectoryStore;
import io.streamrank.contract.registry.ModelRepository;
import io.streamrank.pipeline.FeatureJob;
import io.streamrank.pipeline.PipelineSettings;
import io.streamrank.registry.TrainOptions;
import io.streamrank.registry.Trainer;
import io.streamrank.testkit.EmbeddedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.flink.core.execution.JobClient;

/**
 * Starts the parts of a {@link LocalStack} one at a time, in the order the stack calls them, handing each to the
 * stack to stop and reporting each step with the time since the inputs were checked.
 */
final class StackStart {

    private final LocalStack.Options o;
    private final Consumer<String> progress;
    /** Keeps a started part for the stack to stop; throws if the stack was stopped meanwhile. */
    private final Consumer<AutoCloseable> add;
    private final long t0;
    private StackRedis redis;
    private String bootstrapServers;

    /** Checks the inputs; the steps' times count from the end of the checks. */
    StackStart(LocalStack.Options o, Consumer<String> progress, Consumer<AutoCloseable> add) {
        this.o = o;
        this.progress = progress;
        this.add = add;
        // Before anything starts: the data is the one input a fresh machine may lack.
        requireFile(o.replayEvents(), "replay events");
        if (o.port() != 0) {
            Ports.requireFree(o.port()); // checked again when the service starts, minutes later
        }
        this.t0 = System.nanoTime();
    }

    /**
     * Starts or finds Redis ({@link StackRedis}).
     *
     * @return its URI: the local server, or a seed node of the cluster
     */
    String redis() throws Exception {
        redis = StackRedis.start(o, add, this::step);
        return redis.uri();
    }

    /** Starts Kafka, an in-process KRaft broker with the stack's topics; returns its bootstrap servers. */
    String kafka() {
        EmbeddedKafka kafka = EmbeddedKafka.start(2, "clickstream", "clickstream-dlq");
        add.accept(kafka);
        bootstrapServers = kafka.bootstrapServers();
        step("Kafka (in-process KRaft broker) at " + bootstrapServers);
        return bootstrapServers;
    }

    /** Finds the model version the service will serve, trained now when the store has none; returns the version. */
    String model() throws Exception {
        // The version the service will serve: production if the registry has one, else the newest not archived.
        String version = new ModelRepository(new LocalDirectoryStore(o.models())).servingVersion(false).orElse(null);
        if (version == null) {
            requireFile(o.trainEvents(), "training events (no model in " + o.models() + " yet)");
            progress.accept("training the default model on " + o.trainEvents() + " ...");
            version = Trainer.train(TrainOptions.defaults(List.of(o.trainEvents()), o.models()),
                    line -> progress.accept("  " + line)).version();
        }
        step("model " + version + " in " + o.models().toAbsolutePath());
        return version;
    }

    /** Starts the feature job on a Flink MiniCluster in this JVM, from Kafka into the stack's Redis. */
    void featureJob() throws Exception {
        Files.createDirectories(o.workDir());
        PipelineSettings settings = PipelineSettings.fromArgs(new String[] {
            "--kafka.bootstrap", bootstrapServers, "--redis.uri", redis.uri(), "--redis.cluster",
            Boolean.toString(o.redisCluster()), "--redis.prefix", o.redisPrefix(),
            "--parallelism", "2", "--checkpoint.interval", o.checkpoints().toMillis() + "ms",
            "--checkpoint.dir", o.workDir().resolve("checkpoints").toAbsolutePath().toUri().toString()});
        JobClient job = FeatureJob.start(settings);
        add.accept(() -> FeatureJob.stop(job));
        step("feature job running on a Flink MiniCluster (job " + job.getJobID() + ")");
    }

    /**
     * Replays the recorded events into Kafka, rebased to end now, and waits for the feature job to have written them
     * to Redis.
     *
     * @return the replayed events, in time order
     */
    List<ClickEvent> replay() throws Exception {
        List<ClickEvent> events = TaobaoReplay.rebase(TaobaoReplay.read(o.replayEvents(), o.replayLimit()),
                System.currentTimeMillis() - 1_000L);
        progress.accept(String.format("replaying %,d events from %s ...", events.size(), o.replayEvents()));
        TaobaoReplay.produce(bootstrapServers, "clickstream", events, progress);
        redis.awaitCaughtUp(new RedisKeys(o.redisPrefix()), events, progress);
        step("features of the replay are in Redis");
        return events;
    }

    /**
     * Writes the demo catalog of the items in the replay file and the training events, their categories from the
     * data; returns its file.
     */
    Path catalog(List<ClickEvent> replayed) throws Exception {
        Path catalog = o.workDir().resolve("catalog.csv").toAbsolutePath();
        List<List<ClickEvent>> shop = new ArrayList<>();
        // The whole replay file: the events just replayed when it was replayed whole (rebased, same items).
        shop.add(o.replayLimit() == 0 ? replayed : TaobaoReplay.read(o.replayEvents(), 0));
        if (Files.isRegularFile(o.trainEvents()) && o.trainEvents().toString().endsWith(".csv")) {
            shop.add(TaobaoReplay.read(o.trainEvents(), 0));
        }
        int listed = DemoCatalog.write(catalog, System.currentTimeMillis(), shop);
        step(String.format("catalog of %,d items (their categories from the data) in %s", listed, catalog));
        return catalog;
    }

    /**
     * Starts the ranking service in its own JVM, on the stack's Kafka, Redis, models and {@code catalog}, its writes
     * allowed with {@code writeToken}; returns its base URL.
     */
    String service(Path catalog, String writeToken) throws Exception {
        List<String> properties = List.of(
                        "streamrank.kafka.bootstrap-servers=" + bootstrapServers,
                        "streamrank.redis.uri=" + redis.uri(),
                        "streamrank.redis.cluster=" + o.redisCluster(),
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
                Map.of("STREAMRANK_API_WRITE_TOKEN", writeToken), add::accept);
        step("ranking service at " + service.baseUrl() + " (log: " + service.log() + ")");
        return service.baseUrl();
    }

    private void step(String what) {
        progress.accept(String.format("[%5.1fs] %s", (System.nanoTime() - t0) / 1e9, what));
    }

    private static void requireFile(Path file, String what) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(what + " not found: " + file.toAbsolutePath().normalize() + " (the Taobao "
                    + "samples belong in ../shared/data/taobao-userbehavior/, see its PROVENANCE.md; --data points "
                    + "elsewhere)");
        }
    }
}
