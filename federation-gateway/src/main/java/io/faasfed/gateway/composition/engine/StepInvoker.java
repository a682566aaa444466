package io.faasfed.gateway.composition.engine;

import reactor.core.publisher.Mono;

/**
 * How a composition's task calls a function. The gateway implements it over its platforms or its federated namespace;
 * the engine never knows which platform hosts a function until the answer names it.
 */
@FunctionalInterface
public interface StepInvoker {

    /**
     * Calls {@code call.function()} with {@code call.input()} as the request body.
     *
     * @return the function's JSON answer; fails with a {@link StepFailure} (or any exception that
     *         {@link StepFailure#of(Throwable)} maps, such as the platform SPI's {@code FaasException}s)
     */
    Mono<StepResult> invoke(StepCall call);
}
