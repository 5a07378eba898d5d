/** The feature job: graph assembly ({@link io.streamrank.pipeline.FeatureWorkflow}) and its Kafka/Redis wiring. */
package io.streamrank.pipeline;
