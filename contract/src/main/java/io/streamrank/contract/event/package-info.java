/** The clickstream event: its record, its types, and the JSON codec that validates it. */
package io.streamrank.contract.event;
