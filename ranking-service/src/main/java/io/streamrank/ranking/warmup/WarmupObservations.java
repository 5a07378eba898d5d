package io.streamrank.ranking.warmup;

import io.micrometer.observation.ObservationPredicate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.observation.ServerRequestObservationContext;

/** Keeps the warm-up requests out of {@code http.server.requests}. */
@Configuration(proxyBeanMethods = false)
class WarmupObservations {

    @Bean
    ObservationPredicate notWarmupRequests(WarmupToken token) {
        return (name, context) -> !(context instanceof ServerRequestObservationContext server
                && server.getCarrier() != null && token.isWarmup(server.getCarrier()));
    }
}
