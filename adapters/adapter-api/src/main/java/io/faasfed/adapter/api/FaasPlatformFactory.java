package io.faasfed.adapter.api;

/**
 * Creates platform instances of one {@link PlatformType} from their bound configuration. Each adapter module
 * contributes one; the gateway binds {@code faasfed.platforms.<id>.*} to {@link #propertiesType()} for every
 * configured instance of {@link #type()} and calls {@link #create}.
 *
 * @param <P> the adapter's properties class
 */
public interface FaasPlatformFactory<P> {

    /** The platform type this factory makes. */
    PlatformType type();

    /** The class the instance's configuration is bound to. */
    Class<P> propertiesType();

    /**
     * A new platform instance.
     *
     * @throws IllegalArgumentException when the properties are unusable, with a message that says how to fix them
     */
    FaasPlatform create(PlatformId id, P properties);
}
