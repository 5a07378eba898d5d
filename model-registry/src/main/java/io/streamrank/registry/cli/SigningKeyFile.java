package io.streamrank.registry.cli;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where a command that writes model versions finds the private key that signs them (ADR 79): {@code --signing-key
 * FILE}, else the file named by {@value #ENV} (a mounted Secret, like the registry's write token), else none: the
 * version is written unsigned, as before signing existed.
 */
public final class SigningKeyFile {

    public static final String ENV = "STREAMRANK_SIGNING_KEY_FILE";

    private SigningKeyFile() {
    }

    /** The key file, or {@code null} when neither the option nor the environment names one. */
    public static Path resolve(String option, Map<String, String> env) {
        if (option != null) {
            if (option.isBlank()) {
                throw new IllegalArgumentException("--signing-key wants a file");
            }
            return Path.of(option);
        }
        String fromEnv = env.get(ENV);
        return fromEnv == null || fromEnv.isBlank() ? null : Path.of(fromEnv.strip());
    }
}
