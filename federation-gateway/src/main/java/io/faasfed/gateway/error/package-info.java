/**
 * Errors become RFC 9457 problem documents, mapped from the SPI's error family in one place
 * ({@link io.faasfed.gateway.error.Problems}); no response ever carries a stack trace.
 */
package io.faasfed.gateway.error;
