package io.streamrank.ranking.features;

/** Redis could not answer within its timeout; callers degrade to their documented fallback. */
public class FeatureStoreUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public FeatureStoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
