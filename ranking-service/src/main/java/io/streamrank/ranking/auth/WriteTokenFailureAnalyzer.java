package io.streamrank.ranking.auth;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints a start-up refused for the write token as what is wrong and what to do, not as a stack trace. */
final class WriteTokenFailureAnalyzer extends AbstractFailureAnalyzer<WriteTokenException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, WriteTokenException cause) {
        return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
    }
}
