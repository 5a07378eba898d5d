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
import org.springframework.core.io.ClassPathResource;

/** {@link RankingProperties} bound from the real {@code application.yaml}, with overrides, for unit tests. */
public final class TestProperties {

    private TestProperties() {
    }

    public static RankingProperties load(Map<String, String> overrides) {
        try {
            List<PropertySource<?>> yaml = new YamlPropertySourceLoader().load("application",
                    new ClassPathResource("application.yaml"));
            List<ConfigurationPropertySource> sources = new ArrayList<>();
            sources.add(new MapConfigurationPropertySource(overrides));
            ConfigurationPropertySources.from(yaml).forEach(sources::add);
            return new Binder(sources).bind("streamrank", RankingProperties.class).get();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
