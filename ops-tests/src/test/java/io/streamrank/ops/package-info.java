/** Shared helpers of the ops validation tests: the repository layout and the external tools they run. */
package io.streamrank.ops;
