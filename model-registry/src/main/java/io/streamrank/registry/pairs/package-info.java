/** Point-in-time (positive, negative) training pairs, built by replaying events through the contract's feature state. */
package io.streamrank.registry.pairs;
