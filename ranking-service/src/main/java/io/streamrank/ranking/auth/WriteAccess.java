package io.streamrank.ranking.auth;

import io.streamrank.contract.auth.BearerTokens;
import jakarta.servlet.http.HttpServletRequest;
import java.util.function.Supplier;
import org.springframework.http.HttpHeaders;

/**
 * Whether a request carries the API's write token, for code outside this package that grants something only to its
 * holders (ADR 84: recording an answer's items as shown). Checked exactly as the writes are
 * ({@link BearerTokens#permits}, constant time); the token itself stays in this package.
 */
public final class WriteAccess {

    private final Supplier<BearerTokens> tokens;

    /** @param tokens the tokens in force, which a reload of the token file may replace (ADR 85) */
    WriteAccess(Supplier<BearerTokens> tokens) {
        this.tokens = tokens;
    }

    /** Whether the service was given a token: not on loopback or with {@code unauthenticated-writes} (ADR 78). */
    public boolean tokenRequired() {
        return tokens.get().required();
    }

    /**
     * Whether {@code request} carries {@code Authorization: Bearer <token>}. Never when the service has no token: there
     * is nothing to carry, and {@link BearerTokens#permits} would let every request pass.
     */
    public boolean presentedBy(HttpServletRequest request) {
        BearerTokens token = tokens.get();
        return token.required() && token.permits(request.getHeader(HttpHeaders.AUTHORIZATION));
    }
}
