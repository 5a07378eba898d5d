package io.streamrank.ranking.recommend;

import io.streamrank.ranking.RankingProperties;
import io.streamrank.ranking.RankingProperties.Rules.RecordShown;
import io.streamrank.ranking.auth.WriteAccess;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Which requests record their answer as shown to the user for the drop-shown rule
 * ({@code streamrank.rules.record-shown}, ADR 84). Reads are open (ADR 78), and a recorded answer hides its items from
 * that user for {@code shown-window}: with {@code with-token} only a request carrying the API's write token records,
 * so that whoever merely reaches the API cannot hide a user's items, nor does an engineer's {@code explain} call.
 * Decided here, where the request is, so that the service is only told whether to record.
 */
@Component
class ShownRecording {

    private static final Logger log = LoggerFactory.getLogger(ShownRecording.class);

    private final WriteAccess access;
    private final boolean everyAnswer;

    ShownRecording(RankingProperties properties, WriteAccess access) {
        this.access = access;
        boolean withToken = properties.rules().recordShown() == RecordShown.WITH_TOKEN;
        // Without a token nothing can carry one: refusing every request would switch the rule off unannounced.
        this.everyAnswer = !withToken || !access.tokenRequired();
        if (withToken && !access.tokenRequired()) {
            log.warn("streamrank.rules.record-shown=with-token, but the service has no API write token (loopback or "
                    + "unauthenticated-writes): every answer is recorded as shown, as with record-shown=always");
        }
    }

    /** Whether the answer to {@code request} is recorded as shown to its user. */
    boolean records(HttpServletRequest request) {
        return everyAnswer || access.presentedBy(request);
    }
}
