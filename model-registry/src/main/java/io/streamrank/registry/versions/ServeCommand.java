package io.streamrank.registry.versions;

import io.streamrank.registry.cli.Args;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** {@code registry serve}: the REST API's host, port and write token from the command line, served until stopped. */
final class ServeCommand {

    private ServeCommand() {
    }

    /** Serves until the process is stopped; {@code env} may hold the write token. */
    static void serve(ModelRegistry registry, Args a, Map<String, String> env, PrintStream out) throws Exception {
        String host = a.oneOr("--host", "127.0.0.1");
        int port = a.intOr("--port", 8081);
        WriteToken token = token(a, host, env.get("STREAMRANK_REGISTRY_TOKEN"));
        a.finish(); // before serving, which does not return
        try (RegistryServer s = RegistryServer.start(registry, host, port, token)) {
            out.println("registry API on port " + s.port() + " for " + registry.repository().store()
                    .location() + (token.required() ? "; writes need the bearer token"
                    : "; writes open to anyone who reaches it"));
            new CountDownLatch(1).await();
        }
    }

    /**
     * The token writes need (ADR 60): from {@code --token-file}, else from the environment. Without one the API is
     * served only on a loopback host, where whoever reaches it could also write the store directly, unless the
     * operator says {@code --unauthenticated true}.
     */
    static WriteToken token(Args a, String host, String fromEnvironment) throws Exception {
        String file = a.one("--token-file");
        boolean unauthenticated = a.booleanOr("--unauthenticated", false);
        if (file != null) {
            return WriteToken.fromFile(Path.of(file));
        }
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return WriteToken.of(fromEnvironment.strip());
        }
        if (!unauthenticated && !InetAddress.getByName(host).isLoopbackAddress()) {
            throw new IllegalArgumentException("serving on " + host + " needs a token for writes: --token-file FILE"
                    + " or STREAMRANK_REGISTRY_TOKEN (or --unauthenticated true)");
        }
        return WriteToken.NONE;
    }
}
