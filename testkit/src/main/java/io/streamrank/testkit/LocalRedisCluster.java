package io.streamrank.testkit;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real three-master Redis Cluster on free local ports, from the {@code redis-server} and {@code redis-cli} on PATH,
 * for tests of the pipeline's and the ranking service's cluster switches. Nothing is persisted; {@link #close()} stops
 * the nodes.
 */
public final class LocalRedisCluster implements AutoCloseable {

    private final List<Process> nodes = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();
    private Path dir;

    public static boolean available() {
        try {
            return new ProcessBuilder("redis-server", "--version").redirectErrorStream(true).start()
                    .waitFor(10, TimeUnit.SECONDS)
                    && new ProcessBuilder("redis-cli", "--version").redirectErrorStream(true).start()
                    .waitFor(10, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    public static LocalRedisCluster start() throws Exception {
        LocalRedisCluster c = new LocalRedisCluster();
        try {
            Path dir = Files.createTempDirectory("streamrank-redis-cluster");
            c.dir = dir;
            for (int i = 0; i < 3; i++) {
                int port = freePort();
                c.ports.add(port);
                c.nodes.add(new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                        "--cluster-enabled", "yes", "--cluster-config-file", "nodes-" + port + ".conf",
                        "--save", "", "--appendonly", "no", "--dir", dir.toString())
                        .redirectErrorStream(true).redirectOutput(dir.resolve("redis-" + port + ".log").toFile())
                        .start());
            }
            for (int port : c.ports) {
                await(() -> run("redis-cli", "-p", Integer.toString(port), "ping").contains("PONG"));
            }
            List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
            c.ports.forEach(p -> create.add("127.0.0.1:" + p));
            create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
            run(create.toArray(String[]::new));
            for (int port : c.ports) {
                await(() -> run("redis-cli", "-p", Integer.toString(port), "cluster", "info")
                        .contains("cluster_state:ok"));
            }
            return c;
        } catch (Exception | Error e) {
            c.close();
            throw e;
        }
    }

    /** A node to start from: clients learn the others from it. */
    public String seedUri() {
        return "redis://127.0.0.1:" + ports.get(0);
    }

    private interface Check {
        boolean ok() throws Exception;
    }

    private static void await(Check check) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!check.ok()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the local Redis Cluster did not come up within 30 s");
            }
            Thread.sleep(100);
        }
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        for (Process p : nodes) {
            p.destroy();
        }
        for (Process p : nodes) {
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (dir != null) {
            // The nodes' cluster configuration files and logs.
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                // left in the temp folder
            }
        }
    }
}
