package io.streamrank.ranking.auth;

import io.streamrank.contract.auth.BearerTokens;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;

/**
 * Where the write token comes from (ADR 78, as the registry's in ADR 60): {@code streamrank.api.write-token-file},
 * else the environment variable {@link #ENVIRONMENT}. Without a token, writes are served to anyone only where that
 * is harmless or was asked for: on a loopback address (whoever reaches that is on the machine, and could reach Kafka
 * and Redis too), or with {@code streamrank.api.unauthenticated-writes=true}. Anywhere else the service does not start.
 */
final class WriteTokenSource {

    /** The tokens' name in messages. */
    static final String WHAT = "API write token";

    /** The environment variable that holds the token when no file is named. */
    static final String ENVIRONMENT = "STREAMRANK_API_WRITE_TOKEN";

    static final String WAYS = "Give the ranking API a write token of at least " + BearerTokens.MIN_LENGTH
            + " characters without whitespace: in a file named by streamrank.api.write-token-file (environment "
            + "STREAMRANK_API_WRITETOKENFILE; on Kubernetes the mounted Secret streamrank-api-token), or in the "
            + "environment variable " + ENVIRONMENT + ". Or listen on loopback only (server.address=127.0.0.1), or, "
            + "where something in front authenticates every caller, set streamrank.api.unauthenticated-writes=true.";

    private WriteTokenSource() {
    }

    /**
     * @param file             {@code streamrank.api.write-token-file}; blank for none
     * @param fromEnvironment  the value of {@link #ENVIRONMENT}, or {@code null}
     * @param unauthenticated  {@code streamrank.api.unauthenticated-writes}
     * @param serverAddress    {@code server.address}; {@code null} or blank: every address
     * @throws WriteTokenException when the service must not start
     */
    static BearerTokens resolve(String file, String fromEnvironment, boolean unauthenticated, String serverAddress) {
        if (file != null && !file.isBlank()) {
            try {
                return BearerTokens.fromFile(Path.of(file), WHAT);
            } catch (IOException e) {
                throw new WriteTokenException("the API write token file " + file + " (streamrank.api.write-token-file) "
                        + "cannot be read: " + e.getClass().getSimpleName() + " " + e.getMessage(), WAYS);
            } catch (IllegalArgumentException e) {
                throw new WriteTokenException(e.getMessage() + " (the token in " + file + ")", WAYS);
            }
        }
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            try {
                return BearerTokens.parse(fromEnvironment, WHAT);
            } catch (IllegalArgumentException e) {
                throw new WriteTokenException(e.getMessage() + " (the token in " + ENVIRONMENT + ")", WAYS);
            }
        }
        if (unauthenticated || isLoopback(serverAddress)) {
            return BearerTokens.NONE;
        }
        throw new WriteTokenException("the ranking API listens on " + (serverAddress == null || serverAddress.isBlank()
                ? "every address" : serverAddress) + " and was given no write token: anyone who reaches it could "
                + "ingest events and change the catalog", WAYS);
    }

    /** Whether the server listens on a loopback address only; not set means every address. */
    static boolean isLoopback(String serverAddress) {
        if (serverAddress == null || serverAddress.isBlank()) {
            return false;
        }
        try {
            return InetAddress.getByName(serverAddress.strip()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false; // the server cannot bind it either and fails on its own
        }
    }
}
