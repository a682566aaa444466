package io.faasfed.gateway.support;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Waits for a condition with a generous upper bound, checking it every 200 ms (no fixed sleeps in tests). The check
 * runs where blocking is allowed, so it may use a blocking client.
 */
public final class Eventually {

    private Eventually() {
    }

    /** Returns once {@code condition} holds; fails naming {@code what} when it does not within {@code max}. */
    public static void await(String what, Duration max, BooleanSupplier condition) {
        await(what, max, condition::getAsBoolean, Boolean::booleanValue);
    }

    /**
     * Returns the first value of {@code probe} that {@code accepted} takes; fails naming {@code what} and the last
     * value seen when none does within {@code max}.
     */
    public static <T> T await(String what, Duration max, Supplier<T> probe, Predicate<T> accepted) {
        AtomicReference<Object> last = new AtomicReference<>();
        T done = Mono.fromCallable(probe::get)
                .subscribeOn(Schedulers.boundedElastic())
                .doOnNext(last::set)
                .doOnError(last::set)
                .onErrorResume(error -> Mono.empty())
                .filter(accepted)
                .repeatWhenEmpty(attempts -> attempts.delayElements(Duration.ofMillis(200)))
                .timeout(max, Mono.empty())
                .block();
        if (done == null) {
            throw new AssertionError("not within " + max + ": " + what + " (last seen: " + last.get() + ")");
        }
        return done;
    }
}
