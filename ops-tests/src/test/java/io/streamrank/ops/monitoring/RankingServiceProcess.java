package io.streamrank.ops.monitoring;

import io.streamrank.ops.Repo;
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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The ranking service started from its fat jar as the container image runs it: the entry point's system properties
 * and the image's {@code JAVA_TOOL_OPTIONS} (read from its Dockerfile, so a flag the JVM rejects fails here), except
 * that a small fixed heap replaces the image's share of the pod's memory. Configured through environment variables
 * as the Kubernetes Deployment configures it, with the API and the management endpoints on two free ports.
 */
final class RankingServiceProcess implements AutoCloseable {

    private final Process process;
    private final Path log;
    final String baseUrl;
    final String managementUrl;

    private RankingServiceProcess(Process process, Path log, String baseUrl, String managementUrl) {
        this.process = process;
        this.log = log;
        this.baseUrl = baseUrl;
        this.managementUrl = managementUrl;
    }

    /** The image's {@code JAVA_TOOL_OPTIONS} without its heap sizing (the command line sets a fixed heap). */
    static String imageJvmFlags() {
        Matcher m = Pattern.compile("JAVA_TOOL_OPTIONS=\"([^\"]*)\"")
                .matcher(Repo.read(Repo.path("deploy/docker/ranking-service.Dockerfile")));
        if (!m.find()) {
            throw new IllegalStateException("the ranking service's Dockerfile sets no JAVA_TOOL_OPTIONS");
        }
        return Arrays.stream(m.group(1).trim().split("\\s+"))
                .filter(flag -> !flag.startsWith("-XX:MaxRAMPercentage"))
                .collect(Collectors.joining(" "));
    }

    /** {@code env} must not set the ports: SERVER_PORT and MANAGEMENT_SERVER_PORT are chosen here. */
    static RankingServiceProcess start(Path jar, Path natives, Path log, Map<String, String> env) throws Exception {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("ranking service jar not found at " + jar + ": run ./mvnw package first");
        }
        int port = freePort();
        int managementPort = freePort();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms64m", "-Xmx384m", "-Dai.djl.offline=true", "-DTENSORFLOW_LIBRARY_PATH=" + natives,
                "-jar", jar.toString()));
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        pb.environment().put("JAVA_TOOL_OPTIONS", imageJvmFlags());
        pb.environment().put("SERVER_PORT", Integer.toString(port));
        pb.environment().put("MANAGEMENT_SERVER_PORT", Integer.toString(managementPort));
        Process p = pb.start();
        RankingServiceProcess service = new RankingServiceProcess(p, log, "http://127.0.0.1:" + port,
                "http://127.0.0.1:" + managementPort);
        try {
            service.awaitReady(Duration.ofSeconds(150));
        } catch (Exception | Error e) {
            service.close();
            throw e;
        }
        return service;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private void awaitReady(Duration timeout) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(managementUrl + "/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("ranking service exited with " + process.exitValue() + ":\n" + tail());
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("ranking service not ready within " + timeout + ":\n" + tail());
    }

    /**
     * Runs a full collection in the service ({@code jcmd <pid> GC.run}) and waits until its metrics show a GC pause:
     * Micrometer registers {@code jvm_gc_pause_seconds} at the first collection after its metrics are bound, and a
     * short, quiet run may have none (the service allocates little per request).
     */
    void collectGarbage() throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(process.pid()), "GC.run").redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes());
        if (!jcmd.waitFor(30, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
            throw new IllegalStateException("jcmd GC.run failed: " + out);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        // The pause is recorded from the JVM's GC notification, on its own thread, shortly after the collection.
        String metrics = managementUrl + "/actuator/prometheus";
        while (!Exposition.scrape(metrics).sampleNames().contains("jvm_gc_pause_seconds_count")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no GC pause recorded after jcmd GC.run");
            }
            Thread.sleep(100);
        }
    }

    private String tail() throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
