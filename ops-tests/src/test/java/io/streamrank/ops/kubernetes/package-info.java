/** deploy/: every kustomize overlay renders and every object parses strictly against the Kubernetes API model. */
package io.streamrank.ops.kubernetes;
