package io.faasfed.network.platform;

import java.util.Locale;

/** The platforms faasfed federates, as {@code faasfed configure} names them. */
public enum Platform {
    /** OpenFaaS on Docker Swarm (faas-swarm). */
    OPENFAAS,
    /** Apache OpenWhisk (controller and invoker with the Docker container factory). */
    OPENWHISK,
    /** The Fn Project (fnserver with the Docker driver). */
    FN;

    /** The name on the command line and in output: {@code openfaas}, {@code openwhisk}, {@code fn}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The platform called {@code id} on the command line. */
    public static Platform of(String id) {
        for (Platform p : values()) {
            if (p.id().equalsIgnoreCase(id)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown platform '" + id + "' (expected: openfaas, openwhisk or fn)");
    }
}
