package io.streamrank.local;

import io.streamrank.contract.event.ClickEvent;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;

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

    /** Starts the parts in order ({@link StackStart}), keeping what the accessors tell. */
    private void startAll(Options o) throws Exception {
        StackStart start = new StackStart(o, progress, this::add);
        redisCluster = o.redisCluster();
        redisUri = start.redis();
        bootstrapServers = start.kafka();
        modelVersion = start.model();
        start.featureJob();
        replayed = start.replay();
        Path catalog = start.catalog(replayed);
        baseUrl = start.service(catalog, writeToken);
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
