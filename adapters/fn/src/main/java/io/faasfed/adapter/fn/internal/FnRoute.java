package io.faasfed.adapter.fn.internal;

import java.util.Objects;

/**
 * How a function is reached on Fn: its opaque id, and the source of its HTTP trigger when it has one.
 *
 * @param fnId          the function's id ({@code POST /invoke/{fnId}})
 * @param triggerSource the HTTP trigger's source, e.g. {@code /hello} ({@code /t/{app}{source}}); null when the
 *                      function has no HTTP trigger
 */
public record FnRoute(String fnId, String triggerSource) {

    /** Requires the id. */
    public FnRoute {
        Objects.requireNonNull(fnId, "fnId");
    }

    /** Whether calls can go through the HTTP trigger. */
    public boolean hasTrigger() {
        return triggerSource != null;
    }
}
