package io.streamrank.ranking.auth;

import io.streamrank.ranking.RankingProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Reads the write token at start (refusing to start where {@link WriteTokenSource} says so) and puts the check in front
 * of every handler, ahead of the other interceptors (ADR 78); offers the same check to other packages as
 * {@link WriteAccess} (ADR 84).
 */
@Configuration(proxyBeanMethods = false)
class WriteAccessConfig implements WebMvcConfigurer {

    private static final Logger log = LoggerFactory.getLogger(WriteAccessConfig.class);

    private final WriteToken token;
    private final WriteTokenInterceptor interceptor;

    WriteAccessConfig(RankingProperties properties, Environment environment) {
        String address = environment.getProperty("server.address");
        RankingProperties.Api api = properties.api();
        WriteToken token = WriteTokenSource.resolve(api.writeTokenFile(),
                environment.getProperty(WriteTokenSource.ENVIRONMENT), api.unauthenticatedWrites(), address);
        if (token.required()) {
            log.info("writes (POST /v1/events, PUT /v1/catalog/items) need the API write token from {}",
                    api.writeTokenFile().isBlank() ? WriteTokenSource.ENVIRONMENT : api.writeTokenFile());
        } else if (WriteTokenSource.isLoopback(address)) {
            log.info("writes need no token: the API listens on the loopback address {} only", address);
        } else {
            log.warn("streamrank.api.unauthenticated-writes=true: anyone who reaches the API on {} may ingest events "
                    + "and change the catalog, without a token", address == null ? "any address" : address);
        }
        this.token = token;
        this.interceptor = new WriteTokenInterceptor(token);
    }

    @Bean
    WriteAccess writeAccess() {
        return new WriteAccess(token);
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        // First: a write without the token is refused before the concurrency limit or anything else takes a turn.
        registry.addInterceptor(interceptor).order(Ordered.HIGHEST_PRECEDENCE);
    }
}
