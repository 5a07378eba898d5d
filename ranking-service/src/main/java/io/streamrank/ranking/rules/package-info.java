/** Merchandising rules, each configurable: drop bought, shown and unavailable items, boost new items, cap categories. */
package io.streamrank.ranking.rules;
