/** Training events from Taobao CSV and JSON-lines files, less what the feature job drops, in event-time order. */
package io.streamrank.registry.data;
