/** Command-line argument parsing shared by the registry commands. */
package io.streamrank.registry.cli;
