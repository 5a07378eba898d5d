package io.streamrank.ranking.model;

import io.streamrank.contract.registry.SigningKeys;
import io.streamrank.contract.registry.VersionVerifier;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The public keys model versions must be signed with ({@code streamrank.model.verify-keys}, ADR 79), read once at
 * start. A key file that cannot be read stops the start: going on without it would serve the unsigned versions the
 * operator meant to refuse.
 */
final class VerifyKeys {

    static final String PROPERTY = "streamrank.model.verify-keys";

    static final String WAYS = "Give " + PROPERTY + " (environment STREAMRANK_MODEL_VERIFYKEYS, comma-separated) the "
            + "PEM files of the public keys model versions are signed with: verify-key.pem of `registry keygen`, "
            + "which may hold several PUBLIC KEY blocks (a key rotation); on Kubernetes the ConfigMap "
            + "streamrank-model-verify-keys, mounted at /etc/streamrank/model-keys (deploy/README.md). Or leave "
            + PROPERTY + " empty to serve versions without checking signatures (ADR 79).";

    private VerifyKeys() {
    }

    /**
     * @param files {@code streamrank.model.verify-keys}
     * @return the verifier of every key of every file; empty when no file is named (signatures not required)
     * @throws VerifyKeysException when a file cannot be read or holds no valid Ed25519 public key (or a private one)
     */
    static Optional<VersionVerifier> read(List<String> files) {
        if (files.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(VersionVerifier.fromPemFiles(files.stream().map(f -> Path.of(f.strip())).toList()));
        } catch (IOException | RuntimeException e) {
            // SigningKeys' messages name the file and what is wrong with it; a missing file is only its name.
            String what = e instanceof NoSuchFileException ? "no such file " + e.getMessage()
                    : e instanceof AccessDeniedException ? "not readable: " + e.getMessage()
                    : e.getMessage();
            throw new VerifyKeysException("the model verify keys " + files + " (" + PROPERTY + ") cannot be used: "
                    + what, WAYS);
        }
    }

    /** Fingerprints of the keys for the start-up log ({@code ed25519:<16 hex>}, as {@code registry keygen} shows). */
    static List<String> fingerprints(VersionVerifier verifier) {
        return verifier.keys().stream().map(SigningKeys::fingerprint).toList();
    }
}
