package io.streamrank.ranking.web;

import io.swagger.v3.oas.annotations.Operation;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/ping}: does nothing through the same server, filters and JSON writer as the real endpoints. It is
 * the benchmark's ceiling (the throughput of the HTTP stack alone) and a cheap liveness probe for load balancers.
 */
@RestController
class PingController {

    private static final Map<String, String> OK = Map.of("status", "ok");

    @Operation(summary = "No-op: the HTTP stack's own cost (benchmark ceiling)")
    @GetMapping(path = "/v1/ping", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, String> ping() {
        return OK;
    }
}
