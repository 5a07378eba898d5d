package io.streamrank.ranking;

import io.streamrank.testkit.LocalRedis;
import io.streamrank.testkit.RedisNamespace;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * For the tests that start the whole application as {@code java -jar} does, to see how it starts or refuses to: the
 * real Redis under a key prefix of their own (cleaned up by {@link #close()}), a Kafka nobody listens on, an empty
 * model store, no warm-up. Each adds the arguments its case is about. Not a test itself.
 */
public final class StartupArgs implements AutoCloseable {

    private final LocalRedis redis;
    private final RedisNamespace ns;

    private StartupArgs(LocalRedis redis, RedisNamespace ns) {
        this.redis = redis;
        this.ns = ns;
    }

    /** Finds or starts the Redis server and takes a key prefix named after {@code purpose}. */
    public static StartupArgs forPurpose(String purpose) {
        LocalRedis redis = LocalRedis.findOrStart();
        return new StartupArgs(redis, new RedisNamespace(redis.uri(), purpose));
    }

    /**
     * The common arguments, in a list the caller may add to: a free port on the address the caller chooses (none
     * given: every address), the model store {@code dir/models} (created), Kafka on a port nobody listens on.
     */
    public List<String> args(Path dir) throws IOException {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        Path models = Files.createDirectories(dir.resolve("models"));
        return new ArrayList<>(List.of("--server.port=0",
                "--streamrank.kafka.bootstrap-servers=127.0.0.1:" + deadPort,
                "--streamrank.redis.uri=" + redis.uri(),
                "--streamrank.redis.key-prefix=" + ns.prefix(),
                "--streamrank.model.dir=" + models,
                "--streamrank.warmup.duration=0s"));
    }

    @Override
    public void close() {
        ns.close();
        redis.close();
    }
}
