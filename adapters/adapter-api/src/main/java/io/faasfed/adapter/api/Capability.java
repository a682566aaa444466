package io.faasfed.adapter.api;

/**
 * What a platform can do beyond the operations every platform has. The gateway reads
 * {@link FaasPlatform#capabilities()} to decide, for example, whether to scale through the platform or answer
 * "unsupported", and whether to use the platform's own asynchronous invocation or run the call itself.
 */
public enum Capability {
    /** {@link FaasPlatform#scale(String, int)} sets a replica count. */
    SCALE,
    /** {@link FaasPlatform#invokeAsync(Invocation)} is native to the platform. */
    ASYNC_INVOKE,
    /** The platform pushes an asynchronous call's result to a callback URL (OpenFaaS' {@code X-Callback-Url}). */
    ASYNC_CALLBACK,
    /** An asynchronous call's result can be fetched later with {@link FaasPlatform#asyncResult(String)}. */
    ASYNC_RESULT_LOOKUP,
    /**
     * The platform runs asynchronous calls but throws their output away (Fn's detached calls): a caller that
     * needs the result must invoke synchronously itself.
     */
    ASYNC_OUTPUT_DISCARDED,
    /** Functions can be deployed from source code and a runtime kind, not only from an image. */
    CODE_DEPLOY,
    /** Functions live in namespaces that the platform manages ({@link FunctionSpec#scope()}). */
    NAMESPACES,
    /** The platform holds named secrets that a function can mount ({@link FunctionSpec#secrets()}). */
    SECRETS,
    /** The platform honours a per-function network ({@link FunctionSpec#network()}). */
    PER_FUNCTION_NETWORK,
    /** Some invocations are plain HTTP forwards that {@link FaasPlatform#forwardTarget(String)} can describe. */
    HTTP_FORWARD
}
