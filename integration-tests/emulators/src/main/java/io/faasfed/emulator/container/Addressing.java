package io.faasfed.emulator.container;

/** How an emulator reaches its function containers. */
public enum Addressing {
    /** By container name through the network's DNS: the emulator itself is a container on that network. */
    NAME,
    /** By the container's address on the network: the emulator runs on the engine's host and the network is a bridge. */
    IP
}
