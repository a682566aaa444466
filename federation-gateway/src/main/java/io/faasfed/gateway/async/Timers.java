package io.faasfed.gateway.async;

import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Background tasks on a timer that a slow or failing run cannot stop. */
final class Timers {

    private static final Logger log = LoggerFactory.getLogger(Timers.class);

    private Timers() {
    }

    /**
     * Runs {@code task} every {@code period}, one run at a time: a tick that comes while a run is still going is
     * dropped (a slow store must not overflow the timer and end the loop), and a failed run is logged and the loop
     * goes on.
     */
    static Disposable every(Duration period, String what, Supplier<Mono<Void>> task) {
        return Flux.interval(period, period)
                .onBackpressureDrop()
                .concatMap(tick -> Mono.defer(task).onErrorResume(error -> {
                    log.debug("{} failed: {}", what, error.toString());
                    return Mono.empty();
                }), 1)
                .subscribe(null, error -> log.error("async worker: {} stopped", what, error));
    }
}
