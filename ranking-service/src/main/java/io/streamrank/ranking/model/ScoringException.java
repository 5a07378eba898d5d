package io.streamrank.ranking.model;

/** The model could not score a request; callers answer in fallback order instead. */
public class ScoringException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean notLoaded;

    ScoringException(String message, Throwable cause) {
        this(message, cause, false);
    }

    private ScoringException(String message, Throwable cause, boolean notLoaded) {
        super(message, cause);
        this.notLoaded = notLoaded;
    }

    /** No version is loaded for the role (e.g. the canary was retired after the request chose it). */
    static ScoringException notLoaded(String role) {
        return new ScoringException("no " + role + " model loaded", null, true);
    }

    /** Whether the failure is only that no version was loaded, not that one failed to score. */
    public boolean notLoaded() {
        return notLoaded;
    }
}
