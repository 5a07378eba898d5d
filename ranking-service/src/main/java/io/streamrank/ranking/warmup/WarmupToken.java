package io.streamrank.ranking.warmup;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.springframework.stereotype.Component;

/**
 * Marks the service's own warm-up requests: a random token, new in every process and never logged, sent in
 * {@link #HEADER}. A request carrying it is ranked like any other but leaves no trace: its items are not recorded as
 * shown to the user, and it is not counted in the request meters or {@code http.server.requests}, so that a pod's
 * start-up shows no burst of traffic or latency on the dashboards. A wrong or absent token is an ordinary request.
 */
@Component
public class WarmupToken {

    public static final String HEADER = "X-Streamrank-Warmup";

    private final byte[] token;

    public WarmupToken() {
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        this.token = HexFormat.of().formatHex(random).getBytes(StandardCharsets.US_ASCII);
    }

    /** Whether {@code request} is one of this process's warm-up requests. */
    public boolean isWarmup(HttpServletRequest request) {
        String sent = request.getHeader(HEADER);
        return sent != null && MessageDigest.isEqual(sent.getBytes(StandardCharsets.US_ASCII), token);
    }

    String value() {
        return new String(token, StandardCharsets.US_ASCII);
    }
}
