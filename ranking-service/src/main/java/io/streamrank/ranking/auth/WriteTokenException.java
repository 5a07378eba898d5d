package io.streamrank.ranking.auth;

import io.streamrank.ranking.StartupRefusedException;

/**
 * Start-up refused for the write token (ADR 78): none given while the API listens beyond loopback, or one that cannot
 * be read or is too weak. The message never holds the token.
 */
final class WriteTokenException extends StartupRefusedException {

    private static final long serialVersionUID = 1L;

    WriteTokenException(String message, String action) {
        super(message, action);
    }
}
