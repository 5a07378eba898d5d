/** Feature names, the per-user and per-item feature state machines, their Redis value codec and key names. */
package io.streamrank.contract.features;
