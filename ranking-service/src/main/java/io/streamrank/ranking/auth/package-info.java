/**
 * Who may change data through the API (ADR 78): writes (ingest, catalog) need the bearer token the service was given;
 * reads are open, and may carry the token to be recorded as shown to their user (ADR 84). Secure by default: without a token the service starts only on a loopback address or when the
 * operator opts out explicitly.
 */
package io.streamrank.ranking.auth;
