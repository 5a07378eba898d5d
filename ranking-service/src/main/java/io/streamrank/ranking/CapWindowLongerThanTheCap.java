package io.streamrank.ranking;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * {@code streamrank.rules.category-cap-window} is 0 (the whole page) or longer than {@code max-per-category}: a window
 * of at most the cap's places never holds more than the cap before a place (it sees the window's other places only),
 * so the cap would be off without saying so (ADR 93). A constraint on the rules rather than an {@code @AssertTrue}
 * getter so that the failed start names the property an operator set and its value
 * ({@code streamrank.rules.categoryCapWindow}, {@code 4}), not a getter's name and {@code false}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = CapWindowLongerThanTheCap.Check.class)
public @interface CapWindowLongerThanTheCap {

    String message() default "must be 0 (the whole page) or longer than max-per-category";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** The check; the message names the cap's value, which the operator may have set instead of the window. */
    final class Check implements ConstraintValidator<CapWindowLongerThanTheCap, RankingProperties.Rules> {

        @Override
        public boolean isValid(RankingProperties.Rules rules, ConstraintValidatorContext context) {
            if (rules == null || rules.categoryCapWindow() == 0 || rules.maxPerCategory() == 0
                    || rules.categoryCapWindow() > rules.maxPerCategory()) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            // A number holds no message-template syntax ({...}, ${...}).
            context.buildConstraintViolationWithTemplate(context.getDefaultConstraintMessageTemplate() + " ("
                    + rules.maxPerCategory() + ")").addPropertyNode("categoryCapWindow").addConstraintViolation();
            return false;
        }
    }
}
