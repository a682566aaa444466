/**
 * The call log: who called what, under which parent call and trace, so that a chain of calls across platforms (a
 * function calling the gateway with the {@code X-Call-Id} it was given) reads back as one tree. Synchronous calls are
 * recorded off the request path through a bounded buffer; asynchronous calls are linked to their parent the same way.
 */
package io.faasfed.gateway.calls;
