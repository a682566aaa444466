/**
 * The audit log: every write through the gateway (deploy, update, move, delete, scale, key change) becomes one
 * {@link io.faasfed.gateway.audit.AuditRecord}, written as one JSON line to the logger {@code faasfed.audit} and kept
 * in a bounded store (memory, or a Redis stream) that admins read through {@code GET /federation/v1/audit}.
 */
package io.faasfed.gateway.audit;
