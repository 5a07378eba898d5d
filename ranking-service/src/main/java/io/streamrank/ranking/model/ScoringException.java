package io.streamrank.ranking.model;

/** The model could not score a request; callers answer in fallback order instead. */
public class ScoringException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    ScoringException(String message, Throwable cause) {
        super(message, cause);
    }

    /** No version is loaded for the role. */
    static ScoringException notLoaded(String role) {
        return new ScoringException("no " + role + " model loaded", null);
    }
}
