/**
 * Who may change data through the API (ADR 78): writes (ingest, catalog) need the bearer token the service was given;
 * reads are open. Secure by default: without a token the service starts only on a loopback address or when the
 * operator opts out explicitly.
 */
package io.streamrank.ranking.auth;
