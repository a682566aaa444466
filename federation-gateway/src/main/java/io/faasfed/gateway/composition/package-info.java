/**
 * Compositions: declarative workflows whose steps are functions on any platform. This package holds the definition
 * format only — the immutable model ({@link io.faasfed.gateway.composition.CompositionDefinition} and its states),
 * its parser and validator for JSON and YAML ({@link io.faasfed.gateway.composition.CompositionParser}), and the JSON
 * helpers a run needs: {@link io.faasfed.gateway.composition.Selector}, {@link
 * io.faasfed.gateway.composition.ResultPath} and {@link io.faasfed.gateway.composition.Condition}. It depends on
 * Jackson only; the engine that runs definitions, in {@code io.faasfed.gateway.composition.engine}, builds on it.
 * The format is described in {@code docs/compositions.md}.
 */
package io.faasfed.gateway.composition;
