/** The offline trainer: its CLI, its options and the in-process entry point that trains and publishes a model version. */
package io.streamrank.registry;
