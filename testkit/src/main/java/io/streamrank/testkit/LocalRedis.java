package io.streamrank.testkit;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Finds a Redis server for tests and the local stack: the one answering on {@code 127.0.0.1:6379} (or
 * {@code STREAMRANK_REDIS_URI}), else a {@code redis-server} from PATH started on a free port, else a clear error.
 */
public final class LocalRedis implements AutoCloseable {

    private final String uri;
    private final Process process;

    private LocalRedis(String uri, Process process) {
        this.uri = uri;
        this.process = process;
    }

    public static LocalRedis findOrStart() {
        String configured = System.getenv("STREAMRANK_REDIS_URI");
        if (configured != null && !configured.isBlank()) {
            return new LocalRedis(configured, null);
        }
        if (answersPing("127.0.0.1", 6379)) {
            return new LocalRedis("redis://127.0.0.1:6379", null);
        }
        return startServer();
    }

    /** A Redis URI such as {@code redis://127.0.0.1:6379}. */
    public String uri() {
        return uri;
    }

    public boolean isOwnProcess() {
        return process != null;
    }

    private static LocalRedis startServer() {
        int port = freePort();
        Process p;
        try {
            Path dir = Files.createTempDirectory("streamrank-redis");
            p = new ProcessBuilder(List.of("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--dir", dir.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("No Redis answers on 127.0.0.1:6379 and redis-server is not on PATH. "
                    + "Install it (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis) "
                    + "or set STREAMRANK_REDIS_URI=redis://host:port", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroy));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (answersPing("127.0.0.1", port)) {
                return new LocalRedis("redis://127.0.0.1:" + port, p);
            }
            sleep(50);
        }
        p.destroy();
        throw new IllegalStateException("redis-server started on port " + port + " but did not answer within 10 s");
    }

    private static boolean answersPing(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 300);
        } catch (IOException e) {
            return false;
        }
        RedisClient client = RedisClient.create(RedisURI.create(host, port));
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            return "PONG".equals(c.sync().ping());
        } catch (RuntimeException e) {
            return false;
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroy();
        }
    }
}
