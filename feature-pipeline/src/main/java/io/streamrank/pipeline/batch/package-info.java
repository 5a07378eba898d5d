/** The batch path: the streaming job's feature logic over recorded events, as point-in-time rows for training. */
package io.streamrank.pipeline.batch;
