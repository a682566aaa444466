package io.faasfed.network;

/** How the shared network is built on this engine. */
public enum Mode {
    /** Docker Swarm: an attachable overlay network; platforms run as services. */
    SWARM("overlay"),
    /** One plain engine: a bridge network; platforms run as containers. */
    SINGLE_HOST("bridge");

    private final String driver;

    Mode(String driver) {
        this.driver = driver;
    }

    /** The network driver this mode uses. */
    public String driver() {
        return driver;
    }

    /** The lower-case name used in output and on the command line ({@code swarm}, {@code single-host}). */
    public String label() {
        return this == SWARM ? "swarm" : "single-host";
    }
}
