/** The ranking service application: configuration and infrastructure wiring. */
package io.streamrank.ranking;
