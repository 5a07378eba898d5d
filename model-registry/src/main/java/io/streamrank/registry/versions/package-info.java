/** The model registry: publish, register, promote and roll back versions in an object store; its CLI and REST API. */
package io.streamrank.registry.versions;
