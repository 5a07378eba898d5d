package io.streamrank.ranking.auth;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a handler mapped to a method other than GET that changes nothing (a query whose input is too large for a URL,
 * such as {@code POST /v1/recommendations}): it stays open to callers without the write token. Every other handler of
 * POST, PUT, PATCH or DELETE needs the token (ADR 78), so that a new write endpoint is protected without anyone
 * remembering to protect it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface OpenRead {
}
