/** Model versions in an object store: the store abstraction, checksums, stages and the verified read side. */
package io.streamrank.contract.registry;
