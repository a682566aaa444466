package io.faasfed.testkit.blockhound;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** Every module that tests with the kit runs under BlockHound: blocking a Reactor thread fails. */
class BlockHoundIsInstalledTest {

    @Test
    void blockingOnAReactorThreadIsAnError() {
        StepVerifier.create(Mono.fromCallable(() -> {
                    LockSupport.parkNanos(1_000);
                    return "blocked";
                }).subscribeOn(Schedulers.parallel()))
                .expectError(BlockingOperationError.class)
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void blockingOnTheBoundedElasticSchedulerIsAllowed() {
        StepVerifier.create(Mono.fromCallable(() -> {
                    LockSupport.parkNanos(1_000);
                    return "waited";
                }).subscribeOn(Schedulers.boundedElastic()))
                .expectNext("waited")
                .expectComplete()
                .verify(Duration.ofSeconds(10));
    }
}
