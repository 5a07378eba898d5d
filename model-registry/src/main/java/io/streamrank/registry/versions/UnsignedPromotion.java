package io.streamrank.registry.versions;

import io.streamrank.contract.registry.ModelRepository;
import io.streamrank.contract.registry.Stage;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Optional;

/**
 * The warning a promotion (or rollback) of an unsigned version into a stage the services load earns (ADR 79), worded
 * once for the CLI (stderr) and the API (its answer's {@code warning}, and the log). The registry cannot know which
 * services require signatures, but whoever promotes should hear that those that do will refuse the version and keep
 * what they serve.
 */
final class UnsignedPromotion {

    private UnsignedPromotion() {
    }

    /**
     * Prints the warning, if any, as {@code warning: ...} on {@code err}. The stage change is made by then: a store
     * that cannot say whether there is a signature earns a warning saying so, not a failed command.
     */
    static void warn(ModelRepository repository, String version, Stage stage, PrintStream err) {
        warningOrUnknown(repository, version, stage).ifPresent(w -> err.println("warning: " + w));
    }

    /** {@link #warning}, or, when whether {@code version} is signed cannot be read, a warning saying so. */
    static Optional<String> warningOrUnknown(ModelRepository repository, String version, Stage stage) {
        try {
            return warning(repository, version, stage);
        } catch (IOException e) {
            return Optional.of("could not read whether " + version + " is signed (" + e.getMessage() + "): services "
                    + "that require signatures refuse an unsigned version");
        }
    }

    /** The warning for {@code version} just moved to {@code stage}; empty when it is signed or no service loads it. */
    static Optional<String> warning(ModelRepository repository, String version, Stage stage) throws IOException {
        boolean served = stage == Stage.PRODUCTION || stage == Stage.CANARY || stage == Stage.SHADOW;
        if (!served || repository.signature(version).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(version + " is unsigned: services that require signatures "
                + "(streamrank.model.verify-keys, as deploy/base sets) refuse it and keep what they serve; "
                + "`registry sign " + version + "` signs it");
    }
}
