package io.faasfed.gateway.composition;

/**
 * One rule of a choice state.
 *
 * @param condition when it applies
 * @param next      the state it leads to
 */
public record Choice(Condition condition, String next) {
}
