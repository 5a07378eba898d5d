package io.streamrank.objectstore.s3;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 API server for integration tests: S3Proxy (github.com/gaul/s3proxy) over a directory, in a JVM of its own
 * started from the jar the build copies to the module's {@code target/s3proxy/s3proxy.jar} (the root pom's
 * {@code copy-s3proxy} execution; {@code -Ds3proxy.jar} names another) (ADR 61). It checks AWS signatures (v2 and v4) against
 * {@link #IDENTITY}/{@link #CREDENTIAL}, so a client with other keys is refused as S3 would refuse it. No Docker and no
 * network beyond loopback.
 */
public final class S3ProxyServer implements AutoCloseable {

    public static final String IDENTITY = "streamrank-it";
    public static final String CREDENTIAL = "streamrank-it-secret";
    public static final String REGION = "us-east-1";

    private final Process process;
    private final int port;
    private final Path log;

    private S3ProxyServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts a server whose buckets live under {@code dir}; waits until it answers HTTP (a few seconds). */
    public static S3ProxyServer start(Path dir) throws IOException, InterruptedException {
        String jar = System.getProperty("s3proxy.jar", "target/s3proxy/s3proxy.jar");
        if (!Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("no S3Proxy jar at " + Path.of(jar).toAbsolutePath()
                    + " (the build copies it in pre-integration-test: run these tests through ./mvnw verify)");
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path blobs = Files.createDirectories(dir.resolve("blobs"));
        Path properties = dir.resolve("s3proxy.properties");
        Files.write(properties, List.of(
                "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + IDENTITY,
                "s3proxy.credential=" + CREDENTIAL,
                "jclouds.provider=filesystem",
                "jclouds.filesystem.basedir=" + blobs.toAbsolutePath()));
        Path log = dir.resolve("s3proxy.log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", jar, "--properties", properties.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        S3ProxyServer server = new S3ProxyServer(p, port, log);
        server.awaitUp(Duration.ofSeconds(60));
        return server;
    }

    private void awaitUp(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("S3Proxy exited with " + process.exitValue() + ":\n"
                        + Files.readString(log));
            }
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create(endpoint() + "/").toURL().openConnection();
                c.setConnectTimeout(500);
                c.setReadTimeout(2000);
                c.getResponseCode(); // 403 for an unsigned request: the server is up
                c.disconnect();
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        close();
        throw new IllegalStateException("S3Proxy did not answer within " + timeout + ":\n" + Files.readString(log));
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** An {@code s3://} location of the S3 store on this server (path-style, as for MinIO). */
    public String location(String bucket, String prefix) {
        return "s3://" + bucket + "/" + prefix + "?endpoint=" + endpoint() + "&region=" + REGION + "&path-style=true";
    }

    /** The store's own client (S3ObjectStore.client) with this server's keys, or other ones. */
    public S3Client client(String identity, String credential) {
        return S3ObjectStore.client(new S3Location("any", "", endpoint(), REGION, true),
                StaticCredentialsProvider.create(AwsBasicCredentials.create(identity, credential)));
    }

    public void createBucket(String bucket) {
        try (S3Client s3 = client(IDENTITY, CREDENTIAL)) {
            s3.createBucket(b -> b.bucket(bucket));
        }
    }

    /** Stops the server (also to take it away in the middle of a test). */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
