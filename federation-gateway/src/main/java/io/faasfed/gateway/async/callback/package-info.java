/**
 * Callback delivery for asynchronous calls behind an SSRF guard: a caller-supplied {@code X-Callback-Url} is parsed
 * strictly, its host recognised in every literal spelling before any DNS, every resolved address judged against the
 * refused ranges (loopback, link-local, private, unique-local, ...) and the configured allowlist, and the accepted
 * address pinned so that the delivery connects exactly where the check looked.
 */
package io.faasfed.gateway.async.callback;
