package io.streamrank.ranking.auth;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.streamrank.contract.auth.BearerTokens;
import io.streamrank.ranking.RankingProperties;
import jakarta.annotation.PreDestroy;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Reads the write tokens at start (refusing to start where {@link WriteTokenSource} says so), follows the token file
 * while the service runs ({@link TokenFileReload}, ADR 85) and puts the check in front of every handler, ahead of the
 * other interceptors (ADR 78); offers the same check to other packages as {@link WriteAccess} (ADR 84).
 */
@Configuration(proxyBeanMethods = false)
class WriteAccessConfig implements WebMvcConfigurer {

    private static final Logger log = LoggerFactory.getLogger(WriteAccessConfig.class);

    private final Supplier<BearerTokens> tokens;
    private final TokenFileReload reload;
    private final WriteTokenInterceptor interceptor;

    WriteAccessConfig(RankingProperties properties, Environment environment, MeterRegistry meters) {
        String address = environment.getProperty("server.address");
        RankingProperties.Api api = properties.api();
        BearerTokens token = WriteTokenSource.resolve(api.writeTokenFile(),
                environment.getProperty(WriteTokenSource.ENVIRONMENT), api.unauthenticatedWrites(), address);
        boolean fromFile = token.required() && !api.writeTokenFile().isBlank();
        if (token.required()) {
            log.info("writes (POST /v1/events, PUT /v1/catalog/items) need one of the {} API write token(s) from {}{}",
                    token.count(), fromFile ? api.writeTokenFile() : WriteTokenSource.ENVIRONMENT,
                    fromFile && !api.writeTokenReload().isZero() ? ", read again every " + api.writeTokenReload() : "");
        } else if (WriteTokenSource.isLoopback(address)) {
            log.info("writes need no token: the API listens on the loopback address {} only", address);
        } else {
            log.warn("streamrank.api.unauthenticated-writes=true: anyone who reaches the API on {} may ingest events "
                    + "and change the catalog, without a token", address == null ? "any address" : address);
        }
        this.reload = fromFile && !api.writeTokenReload().isZero()
                ? new TokenFileReload(Path.of(api.writeTokenFile()), token, meters) : null;
        this.tokens = reload != null ? reload : () -> token;
        Gauge.builder("streamrank.api.write.tokens", tokens, t -> t.get().count())
                .description("API write tokens accepted now (2 while a rotation has both old and new; 0: writes need "
                        + "none)").register(meters);
        this.interceptor = new WriteTokenInterceptor(tokens);
        if (reload != null) {
            // Last: nothing after it can fail, so the @PreDestroy that stops the thread is sure to be registered.
            reload.start(api.writeTokenReload());
        }
    }

    @Bean
    WriteAccess writeAccess() {
        return new WriteAccess(tokens);
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        // First: a write without the token is refused before the concurrency limit or anything else takes a turn.
        registry.addInterceptor(interceptor).order(Ordered.HIGHEST_PRECEDENCE);
    }

    @PreDestroy
    void stopFollowingTheTokenFile() {
        if (reload != null) {
            reload.close();
        }
    }
}
