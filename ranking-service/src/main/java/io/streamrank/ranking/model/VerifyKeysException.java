package io.streamrank.ranking.model;

/**
 * Start-up refused because {@code streamrank.model.verify-keys} names a file that cannot be read or holds no valid
 * Ed25519 public key (ADR 79): serving unsigned versions instead would undo what the operator asked for.
 */
final class VerifyKeysException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String action;

    VerifyKeysException(String message, String action) {
        super(message);
        this.action = action;
    }

    /** What the operator can do about it. */
    String action() {
        return action;
    }
}
