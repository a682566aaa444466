/**
 * What the commands print on stdout: text for people ({@link io.faasfed.cli.output.TextReports}) and, with
 * {@code --json}, one JSON document per run whose field names belong to the command line
 * ({@link io.faasfed.cli.output.JsonViews}), errors included.
 */
package io.faasfed.cli.output;
