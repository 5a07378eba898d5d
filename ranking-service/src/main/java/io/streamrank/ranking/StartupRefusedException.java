package io.streamrank.ranking;

/**
 * The service refuses to start because of its configuration: what is wrong (the message) and what the operator can do
 * about it ({@link #action()}), printed by {@link StartupRefusedFailureAnalyzer} instead of a stack trace. A subclass
 * per cause names it in tests and logs.
 */
public class StartupRefusedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String action;

    protected StartupRefusedException(String message, String action) {
        super(message);
        this.action = action;
    }

    /** What the operator can do about it. */
    public String action() {
        return action;
    }
}
