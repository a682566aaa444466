package io.faasfed.gateway.async;

/** What a queued job does with its call. */
public enum JobKind {
    /** Run an attempt of the call on its platform. */
    RUN,
    /** Deliver the call's outcome to its callback URL. */
    CALLBACK
}
