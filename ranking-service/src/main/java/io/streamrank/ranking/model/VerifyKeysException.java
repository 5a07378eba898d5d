package io.streamrank.ranking.model;

import io.streamrank.ranking.StartupRefusedException;

/**
 * Start-up refused because {@code streamrank.model.verify-keys} names a file that cannot be read or holds no valid
 * Ed25519 public key (ADR 79): serving unsigned versions instead would undo what the operator asked for.
 */
final class VerifyKeysException extends StartupRefusedException {

    private static final long serialVersionUID = 1L;

    VerifyKeysException(String message, String action) {
        super(message, action);
    }
}
