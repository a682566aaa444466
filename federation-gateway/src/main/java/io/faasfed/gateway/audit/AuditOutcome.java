package io.faasfed.gateway.audit;

/** How a write ended. */
public enum AuditOutcome {
    /** The write was done. */
    SUCCESS,
    /** The write was tried and failed (a platform refused it, it was invalid, the caller went away, ...). */
    FAILURE,
    /** The caller was not allowed to make it (401/403): nothing was tried. */
    DENIED
}
