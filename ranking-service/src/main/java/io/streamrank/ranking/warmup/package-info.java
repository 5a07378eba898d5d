/** Start-up warm-up: the service ranks for itself over HTTP before it reports ready (ADR 53). */
package io.streamrank.ranking.warmup;
