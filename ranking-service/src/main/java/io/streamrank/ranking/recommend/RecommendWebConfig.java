package io.streamrank.ranking.recommend;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Puts the concurrency limit in front of the recommendation endpoints only. */
@Configuration
class RecommendWebConfig implements WebMvcConfigurer {

    private final ConcurrencyLimit limit;

    RecommendWebConfig(ConcurrencyLimit limit) {
        this.limit = limit;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(limit).addPathPatterns("/v1/recommendations", "/v1/recommendations/**");
    }
}
