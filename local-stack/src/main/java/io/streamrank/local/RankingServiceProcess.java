package io.streamrank.local;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The ranking service in its own JVM, started from its fat jar exactly as in production (Spring Boot and Flink never
 * share a classpath), with its output in a log file.
 */
final class RankingServiceProcess implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final String baseUrl;

    private RankingServiceProcess(Process process, Path log, String baseUrl) {
        this.process = process;
        this.log = log;
        this.baseUrl = baseUrl;
    }

    /**
     * Starts the service and waits until it is ready.
     *
     * @param port its HTTP port; 0: a free port picked now (after Kafka and Flink, whose servers bind ephemeral ports
     *             too). Such a port can still be taken before the service binds it (a CI run met Flink's blob server
     *             there), so a picked port found taken is replaced, twice at most.
     * @param environment added to the service's environment: secrets such as the API write token travel there, not
     *                    on the command line, where any user of the machine can read them
     * @param spawned receives the process as soon as its JVM runs, before it is ready (whoever stops the stack meanwhile
     *                must stop it too); it may throw to abandon the start
     */
    static RankingServiceProcess start(Path jar, Path nativesDir, int port, Path log, List<String> properties,
                                       Map<String, String> environment, Consumer<RankingServiceProcess> spawned)
            throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return startOn(jar, nativesDir, port != 0 ? port : freePort(), log, properties, environment,
                        spawned);
            } catch (IllegalStateException e) {
                if (port != 0 || attempt == 3 || !String.valueOf(e.getMessage()).contains("already in use")) {
                    throw e;
                }
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static RankingServiceProcess startOn(Path jar, Path nativesDir, int port, Path log,
                                                 List<String> properties, Map<String, String> environment,
                                                 Consumer<RankingServiceProcess> spawned)
            throws IOException, InterruptedException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("ranking service jar not found at " + jar
                    + ": build it first with ./mvnw -DskipTests package");
        }
        Ports.requireFree(port);
        List<String> cmd = new ArrayList<>(List.of(javaBinary(), "-Xms64m", "-Xmx512m", "-Dai.djl.offline=true",
                "-DTENSORFLOW_LIBRARY_PATH=" + nativesDir.toAbsolutePath(), "-jar", jar.toAbsolutePath().toString(),
                "--server.port=" + port));
        properties.forEach(p -> cmd.add("--" + p));
        Files.createDirectories(log.toAbsolutePath().getParent());
        ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process p = builder.start();
        RankingServiceProcess service = new RankingServiceProcess(p, log, "http://localhost:" + port);
        spawned.accept(service);
        service.awaitReady(Duration.ofSeconds(120));
        return service;
    }

    String baseUrl() {
        return baseUrl;
    }

    Path log() {
        return log;
    }

    private void awaitReady(Duration timeout) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("ranking service exited with " + process.exitValue() + "; see " + log
                        + "\n" + tail());
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200 && process.isAlive()) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        close();
        throw new IllegalStateException("ranking service not ready within " + timeout + "; see " + log + "\n" + tail());
    }

    private String tail() throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
