package io.faasfed.network.stack;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.faasfed.network.SetupException;
import io.faasfed.network.SetupProblem;

/**
 * A stack as {@code docker stack deploy} would create it from one or more files: its services, networks, secrets and
 * volumes, by name, in the order the files first name them. Immutable.
 *
 * @param files the files it was loaded from, in order
 * @param services the services
 * @param networks the networks the file declares (the shared one is external)
 * @param secrets the secrets
 * @param volumes the named volumes
 */
public record StackDefinition(List<String> files, Map<String, StackService> services, Map<String, StackNetwork> networks,
                              Map<String, StackSecret> secrets, Map<String, StackVolume> volumes) {

    public StackDefinition {
        files = List.copyOf(files);
        services = ordered(services);
        networks = ordered(networks);
        secrets = ordered(secrets);
        volumes = ordered(volumes);
    }

    /**
     * The service called {@code name}.
     *
     * @throws SetupException INVALID_INPUT when the stack has no such service
     */
    public StackService service(String name) {
        StackService service = services.get(requireNonNull(name, "name"));
        if (service == null) {
            throw new SetupException(SetupProblem.INVALID_INPUT, "The stack loaded from " + files + " has no service '" + name
                    + "' (it has " + services.keySet() + ").", "Name one of its services, or add the file that defines it.");
        }
        return service;
    }

    static <V> Map<String, V> ordered(Map<String, V> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(map, "map")));
    }
}
