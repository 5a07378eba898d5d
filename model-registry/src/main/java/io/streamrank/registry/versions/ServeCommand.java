package io.streamrank.registry.versions;

import io.streamrank.contract.auth.BearerTokens;
import io.streamrank.registry.cli.Args;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** {@code registry serve}: the REST API's host, port and write tokens from the command line, served until stopped. */
final class ServeCommand {

    /** The tokens' name in messages. */
    static final String WHAT = "registry token";

    /** The variable that holds the write tokens when there is no {@code --token-file}; read once, at start. */
    static final String ENVIRONMENT = "STREAMRANK_REGISTRY_TOKEN";

    /** How often {@code --token-file} is re-read unless {@code --token-reload} says otherwise. */
    static final String DEFAULT_RELOAD = "10s";

    private ServeCommand() {
    }

    /** Serves until the process is stopped; {@code env} may hold the write tokens. */
    static void serve(ModelRegistry registry, Args a, Map<String, String> env, PrintStream out, PrintStream err)
            throws Exception {
        String host = a.oneOr("--host", "127.0.0.1");
        int port = a.intOr("--port", 8081);
        WriteTokens tokens = tokens(a, host, env.get(ENVIRONMENT), out, err);
        a.finish(); // before serving, which does not return
        try (RegistryServer s = RegistryServer.start(registry, host, port, tokens)) {
            out.println("registry API on port " + s.port() + " for " + registry.repository().store().location()
                    + "; " + describe(tokens));
            new CountDownLatch(1).await();
        }
    }

    /**
     * The tokens writes need (ADR 60, ADR 85): from {@code --token-file}, re-read every {@code --token-reload}, else
     * from the environment, read once. Without any the API is served only on a loopback host, where whoever reaches
     * it could also write the store directly, unless the operator says {@code --unauthenticated true}.
     */
    static WriteTokens tokens(Args a, String host, String fromEnvironment, PrintStream out, PrintStream err)
            throws Exception {
        String file = a.one("--token-file");
        boolean unauthenticated = a.booleanOr("--unauthenticated", false);
        Duration reload = reloadPeriod(a.oneOr("--token-reload", DEFAULT_RELOAD));
        if (file != null) {
            return WriteTokens.fromFile(Path.of(file), reload, out, err);
        }
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            try {
                return WriteTokens.fixed(BearerTokens.parse(fromEnvironment, WHAT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(e.getMessage() + " (in " + ENVIRONMENT + ")", e);
            }
        }
        if (!unauthenticated && !InetAddress.getByName(host).isLoopbackAddress()) {
            throw new IllegalArgumentException("serving on " + host + " needs a token for writes: --token-file FILE"
                    + " or " + ENVIRONMENT + " (or --unauthenticated true)");
        }
        return WriteTokens.fixed(BearerTokens.NONE);
    }

    /**
     * {@code --token-reload}: {@code 0s} (or {@code 0}) never re-reads; {@code 500ms}, {@code 10s}, {@code 1m},
     * {@code 1h}, or ISO-8601 ({@code PT10S}). The registry's {@link Args} has no duration of its own to follow.
     */
    static Duration reloadPeriod(String value) {
        String v = value.strip().toLowerCase();
        Duration d;
        try {
            if (v.startsWith("p")) {
                d = Duration.parse(v.toUpperCase());
            } else if (v.equals("0")) {
                d = Duration.ZERO;
            } else if (v.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            } else {
                long n = Long.parseLong(v.substring(0, Math.max(0, v.length() - 1)));
                d = switch (v.charAt(v.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    default -> throw new NumberFormatException();
                };
            }
        } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
            d = null;
        }
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException("--token-reload wants a duration such as 500ms, 10s, 1m or PT10S "
                    + "(0s: never re-read), got " + value);
        }
        return d;
    }

    /** The start line's part about writes: who may write, never a token. */
    static String describe(WriteTokens tokens) {
        int n = tokens.get().count();
        if (n == 0) {
            return "writes open to anyone who reaches it";
        }
        String need = "writes need " + (n == 1 ? "the bearer token" : "one of the " + n + " bearer tokens");
        if (tokens.file() == null) {
            return need + " in " + ENVIRONMENT;
        }
        Duration p = tokens.period();
        return need + " in " + tokens.file() + (p.isZero() ? " (not re-read: --token-reload 0s)"
                : " (re-read every " + (p.toMillis() % 1000 == 0 ? p.toSeconds() + "s" : p.toMillis() + "ms") + ")");
    }
}
