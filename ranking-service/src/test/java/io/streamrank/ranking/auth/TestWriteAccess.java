package io.streamrank.ranking.auth;

import io.streamrank.contract.auth.BearerTokens;

/** {@link WriteAccess} as the service makes it at start, for unit tests outside this package. Not a test itself. */
public final class TestWriteAccess {

    private TestWriteAccess() {
    }

    /** A service given {@code token}. */
    public static WriteAccess withToken(String token) {
        return new WriteAccess(() -> BearerTokens.parse(token, WriteTokenSource.WHAT));
    }

    /** A service without a token (loopback, or {@code unauthenticated-writes}). */
    public static WriteAccess none() {
        return new WriteAccess(() -> BearerTokens.NONE);
    }
}
