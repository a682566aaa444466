/**
 * How the command line shows each step of a command while it runs: a spinner on an interactive terminal, plain
 * {@code … step} / {@code ok step — result} lines elsewhere, always on stderr so stdout carries only the result.
 */
package io.faasfed.cli.progress;
