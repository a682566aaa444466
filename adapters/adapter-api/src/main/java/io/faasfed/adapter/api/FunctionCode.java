package io.faasfed.adapter.api;

/**
 * A function given as source code rather than an image (OpenWhisk actions). Platforms without
 * {@link Capability#CODE_DEPLOY} reject it.
 *
 * @param runtime the platform's runtime kind, e.g. {@code nodejs:20} or {@code python:3}; never blank
 * @param source  the code, or base64 of a zip archive when {@code binary}; never blank
 * @param main    the entry point; null means the runtime's default ({@code main})
 * @param binary  whether {@code source} is base64 of a zip archive
 */
public record FunctionCode(String runtime, String source, String main, boolean binary) {

    /** Validates the code. */
    public FunctionCode {
        Checks.notBlank("code.runtime", runtime);
        Checks.notBlank("code.source", source);
        if (main != null && main.isBlank()) {
            throw Checks.invalid("code.main", '"' + main + '"', "an entry-point name, or null for the default");
        }
    }

    /** Plain-text source for {@code runtime} with the default entry point. */
    public static FunctionCode of(String runtime, String source) {
        return new FunctionCode(runtime, source, null, false);
    }
}
