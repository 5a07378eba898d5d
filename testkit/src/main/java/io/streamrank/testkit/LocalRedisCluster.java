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
                c.nodes.add(c.launch(port));
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

    private Process launch(int port) throws IOException {
        return new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--cluster-enabled", "yes", "--cluster-config-file", "nodes-" + port + ".conf",
                "--save", "", "--appendonly", "no", "--dir", dir.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis-" + port + ".log").toFile()))
                .start();
    }

    /** Kills node {@code i} (0–2) as a crash would: the keys of its slots cannot be read until it is started again. */
    public void stopNode(int i) throws InterruptedException {
        Process p = nodes.get(i);
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
    }

    /**
     * Starts node {@code i} again on its port from its cluster configuration file: it rejoins owning the same slots,
     * empty (nothing is persisted). Returns once every node reports the cluster healthy.
     */
    public void startNode(int i) throws Exception {
        nodes.set(i, launch(ports.get(i)));
        for (int port : ports) {
            await(() -> run("redis-cli", "-p", Integer.toString(port), "cluster", "info")
                    .contains("cluster_state:ok"));
        }
    }

    /** The number of keys node {@code i} holds in {@code slot}. */
    public int keysInSlot(int i, int slot) throws Exception {
        return Integer.parseInt(cli(i, "cluster", "countkeysinslot", Integer.toString(slot)).trim());
    }

    /**
     * Starts moving {@code slot}, which must hold no keys, from node {@code from} to node {@code to}, as a resharding
     * does ({@code CLUSTER SETSLOT … IMPORTING / MIGRATING}): until {@link #finishSlotMigration}, {@code from} still
     * owns the slot and answers {@code ASK} (go to {@code to} for this one command) for keys it does not hold.
     */
    public void beginSlotMigration(int slot, int from, int to) throws Exception {
        if (keysInSlot(from, slot) != 0) {
            throw new IllegalArgumentException("slot " + slot + " holds keys");
        }
        String s = Integer.toString(slot);
        cli(to, "cluster", "setslot", s, "importing", cli(from, "cluster", "myid").trim());
        cli(from, "cluster", "setslot", s, "migrating", cli(to, "cluster", "myid").trim());
    }

    /** Ends a {@link #beginSlotMigration}: every node records {@code to} as the slot's owner. */
    public void finishSlotMigration(int slot, int to) throws Exception {
        String toId = cli(to, "cluster", "myid").trim();
        for (int i = 0; i < ports.size(); i++) {
            cli(i, "cluster", "setslot", Integer.toString(slot), "node", toId);
        }
    }

    private String cli(int node, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-p", Integer.toString(ports.get(node))));
        command.addAll(List.of(args));
        return run(command.toArray(String[]::new));
    }

    /** The nodes' ports, in node order ({@link #stopNode}). */
    public List<Integer> ports() {
        return List.copyOf(ports);
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
