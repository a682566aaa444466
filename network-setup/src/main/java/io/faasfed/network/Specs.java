package io.faasfed.network;

import java.util.List;

import com.github.dockerjava.api.model.NetworkAttachmentConfig;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.TaskSpec;

/** Edits of Swarm service specs, as pure functions over docker-java's mutable models. */
public final class Specs {

    private Specs() {
    }

    /** {@code spec} without the network {@code id} (or {@code name}) in its task template or service-level list. */
    public static ServiceSpec withoutNetwork(ServiceSpec spec, String id, String name) {
        TaskSpec task = spec.getTaskTemplate();
        if (task != null && task.getNetworks() != null) {
            task.withNetworks(keepOthers(task.getNetworks(), id, name));
        }
        if (spec.getNetworks() != null) {
            spec.withNetworks(keepOthers(spec.getNetworks(), id, name));
        }
        return spec;
    }

    private static List<NetworkAttachmentConfig> keepOthers(List<NetworkAttachmentConfig> networks, String id, String name) {
        return networks.stream().filter(n -> !id.equals(n.getTarget()) && !name.equals(n.getTarget())).toList();
    }
}
