package io.faasfed.testkit.blockhound;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * What BlockHound lets through in faasfed's tests, each with its reason. Everything else that blocks a Reactor
 * thread fails the test that did it.
 * <ul>
 *   <li>Jackson 3 takes a lock while it builds the deserializer of a type for the first time; later reads find it in
 *       the cache without locking. The wait is bounded by one deserializer's construction, once per type.</li>
 * </ul>
 */
public final class FaasfedBlockHoundIntegration implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside("tools.jackson.databind.deser.DeserializerCache",
                "_createAndCacheValueDeserializer");
    }
}
