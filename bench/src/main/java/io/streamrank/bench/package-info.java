/** The ranking benchmark: real data through the real pipeline, an open-loop load generator, a no-op ceiling. */
package io.streamrank.bench;
