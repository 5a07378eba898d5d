package io.streamrank.ranking;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.validation.FieldError;

/**
 * The configuration record bound and validated as the service's start does it (Spring Boot's binder with the real
 * {@code application.yaml}), for refusals that span two properties: what an operator reads must name the property
 * they set.
 */
class RankingPropertiesStartTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(RankingProperties.class)
    static class PropertiesOnly {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withInitializer(new ConfigDataApplicationContextInitializer())
            .withUserConfiguration(PropertiesOnly.class);

    @Test
    void theShippedConfigurationStarts() {
        runner.run(context -> assertThat(context).hasNotFailed().hasSingleBean(RankingProperties.class));
    }

    @Test
    void aCapWindowNoLongerThanTheCapFailsTheStartNamingTheWindowAndItsValue() {
        runner.withPropertyValues("streamrank.rules.category-cap-window=4").run(context -> {
            assertThat(context).hasFailed();
            Throwable cause = context.getStartupFailure();
            while (!(cause instanceof BindValidationException) && cause.getCause() != null) {
                cause = cause.getCause();
            }
            assertThat(cause).isInstanceOf(BindValidationException.class);
            var errors = ((BindValidationException) cause).getValidationErrors().getAllErrors();
            assertThat(errors).hasSize(1);
            FieldError error = (FieldError) errors.get(0);
            // Spring Boot's failure analysis prints "Property: <object>.<field>", the value and the reason. (It finds
            // the origin, a file and line, of top-level properties only: nested ones are validated from the root.)
            assertThat(error.getObjectName() + "." + error.getField()).isEqualTo("streamrank.rules.categoryCapWindow");
            assertThat(error.getRejectedValue()).isEqualTo(4);
            assertThat(error.getDefaultMessage())
                    .isEqualTo("must be 0 (the whole page) or longer than max-per-category (4)");
        });
    }

    @Test
    void aCapOfZeroTakesAnyWindow() {
        runner.withPropertyValues("streamrank.rules.category-cap-window=2", "streamrank.rules.max-per-category=0")
                .run(context -> assertThat(context).hasNotFailed());
    }
}
