/**
 * The {@code faasfed} command line (picocli): {@code network plan|apply|verify|destroy} and
 * {@code configure openfaas|openwhisk|fn} over the network-setup library, with progress on stderr, results (or one
 * JSON document) on stdout, and exit codes that say what went wrong.
 */
package io.faasfed.cli;
