package io.faasfed.testkit.blockhound;

import reactor.blockhound.BlockHound;
import reactor.blockhound.BlockingOperationError;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * What BlockHound lets through in faasfed's tests, each with its reason. Everything else that blocks a Reactor
 * thread fails the test that did it.
 * <ul>
 *   <li>Jackson 3 takes a lock while it builds the deserializer of a type for the first time; later reads find it in
 *       the cache without locking. The wait is bounded by one deserializer's construction, once per type.</li>
 *   <li>Lettuce 6.8 counts the writers of a connection under a {@code ReentrantLock} ({@code SharedLock}) for each
 *       command it writes: a critical section of a few field updates, contended only while another thread writes or
 *       the connection is reset. BlockHound would throw from inside {@code lock()}, and a lock whose holder fails
 *       there is never released: every later command on that connection then waits for ever (Lettuce issue #3804).
 *       That is how the Redis tests hung (the discovery loop and the local copy's refresh write from Reactor's
 *       parallel threads while a request writes from an event loop).</li>
 *   <li>springdoc builds the OpenAPI document once, under a lock, on a background thread at start-up
 *       ({@code springdoc.pre-loading-enabled}); a request for {@code /v3/api-docs} that arrives while that build
 *       runs waits for it (seen in CI: the first request of a test right after the context started). The wait is
 *       bounded by one build of the document, once per start; later requests take the lock uncontended.</li>
 *   <li>Netty's executors whose task queue is a {@code LinkedBlockingQueue} (Lettuce's event executors) take the
 *       queue's lock to hand over a task or to start shutting down: a lock held for one queue operation.</li>
 * </ul>
 * Every detection is also printed to the test's standard error with its stack before the error is thrown: an error
 * thrown inside a Netty handler or a logging call can be swallowed on its way up (a request then never answers), and
 * the printed stack still says which call blocked which thread.
 */
public final class FaasfedBlockHoundIntegration implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside("tools.jackson.databind.deser.DeserializerCache",
                "_createAndCacheValueDeserializer");
        builder.allowBlockingCallsInside("org.springdoc.api.AbstractOpenApiResource", "getOpenApi");
        for (String method : new String[] {"incrementWriters", "decrementWriters", "doExclusive"}) {
            builder.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", method);
        }
        for (String method : new String[] {"offerTask", "shutdown0"}) {
            builder.allowBlockingCallsInside("io.netty.util.concurrent.SingleThreadEventExecutor", method);
        }
        builder.blockingMethodCallback(method -> {
            BlockingOperationError error = new BlockingOperationError(method);
            synchronized (System.err) {
                System.err.println("BlockHound: blocking call " + method + " on thread "
                        + Thread.currentThread().getName());
                error.printStackTrace(System.err);
            }
            throw error;
        });
    }
}
