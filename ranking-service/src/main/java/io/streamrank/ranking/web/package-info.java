/** Cross-cutting HTTP concerns: request ids and RFC 9457 problem details with stable type URIs. */
package io.streamrank.ranking.web;
