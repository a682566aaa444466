/**
 * Asynchronous invocations: {@code /async-function/{name}} stores the call durably and answers 202 with its id; a
 * worker in every gateway replica takes calls from one shared queue, runs them on their platform with retries, records
 * the outcome, and delivers the result to the caller's callback URL behind an SSRF guard.
 */
package io.faasfed.gateway.async;
