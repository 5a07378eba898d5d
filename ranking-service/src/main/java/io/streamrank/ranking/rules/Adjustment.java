package io.streamrank.ranking.rules;

/**
 * What a rule did to a returned item (for {@code explain=true}).
 *
 * @param rule  rule name, as in {@code streamrank_rules_applied_total{rule}}
 * @param delta score change (0 for rules that reorder or admit rather than change the score)
 * @param note  why, for people
 */
public record Adjustment(String rule, double delta, String note) {
}
