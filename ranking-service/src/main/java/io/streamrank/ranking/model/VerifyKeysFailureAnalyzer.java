package io.streamrank.ranking.model;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints a start-up refused for the model verify keys as what is wrong and what to do, not as a stack trace. */
final class VerifyKeysFailureAnalyzer extends AbstractFailureAnalyzer<VerifyKeysException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, VerifyKeysException cause) {
        return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
    }
}
