/** Reading training events from Taobao UserBehavior CSV and Streamrank JSON-lines files, merged in event-time order. */
package io.streamrank.registry.data;
