package io.streamrank.ranking;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;

/** {@link RankingProperties} bound from the real {@code application.yaml}, with overrides, for unit tests. */
public final class TestProperties {

    private TestProperties() {
    }

    public static RankingProperties load(Map<String, String> overrides) {
        return bind(new MapConfigurationPropertySource(overrides));
    }

    /**
     * Bound with {@code variables} as the process environment, by Spring Boot's relaxed rules for it
     * ({@code STREAMRANK_MODEL_VERIFYKEYS}, {@code STREAMRANK_MODEL_VERIFYKEYS_0_}): what a Deployment's {@code env}
     * gives the service.
     */
    public static RankingProperties fromEnvironment(Map<String, Object> variables) {
        return bind(ConfigurationPropertySource.from(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables)));
    }

    private static RankingProperties bind(ConfigurationPropertySource overrides) {
        try {
            List<PropertySource<?>> yaml = new YamlPropertySourceLoader().load("application",
                    new ClassPathResource("application.yaml"));
            List<ConfigurationPropertySource> sources = new ArrayList<>();
            sources.add(overrides);
            ConfigurationPropertySources.from(yaml).forEach(sources::add);
            return new Binder(sources).bind("streamrank", RankingProperties.class).get();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
