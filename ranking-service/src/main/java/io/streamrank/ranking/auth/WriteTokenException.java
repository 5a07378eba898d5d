package io.streamrank.ranking.auth;

/**
 * Start-up refused for the write token (ADR 78): none given while the API listens beyond loopback, or one that cannot
 * be read or is too weak. The message never holds the token.
 */
final class WriteTokenException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String action;

    WriteTokenException(String message, String action) {
        super(message);
        this.action = action;
    }

    /** What the operator can do about it. */
    String action() {
        return action;
    }
}
