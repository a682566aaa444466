package io.faasfed.network.stack;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One service of a stack, after interpolation and merging. Durations ({@code 10s}) and CPU counts ({@code "0.5"}) are
 * kept as the file writes them; the engine's own parser reads them at deploy time.
 *
 * @param name its key in the files ({@code faasfed}); the engine names it {@code <stack>_<name>}
 * @param image the image reference
 * @param command the command; empty for the image's own
 * @param replicas how many tasks ({@code deploy.replicas}, 1 when unset)
 * @param endpointMode {@code vip} (unset) or {@code dnsrr}
 * @param networks the networks it joins, by the network's key in the files, each with its aliases
 * @param environment its environment, by variable name
 * @param secrets the secrets mounted in it
 * @param volumes what is mounted in it (named volumes and binds)
 * @param healthcheck its health check; empty when the file sets none (the image's own may apply)
 * @param update {@code deploy.update_config}; empty when unset
 * @param rollback {@code deploy.rollback_config}; empty when unset
 * @param restart {@code deploy.restart_policy}; empty when unset
 * @param resources {@code deploy.resources}
 * @param constraints {@code deploy.placement.constraints}
 * @param labels the container labels ({@code labels})
 * @param serviceLabels the service labels ({@code deploy.labels})
 */
public record StackService(String name, String image, List<String> command, int replicas, String endpointMode,
                           Map<String, NetworkAttachment> networks, Map<String, String> environment, List<SecretMount> secrets,
                           List<Mount> volumes, Optional<Healthcheck> healthcheck, Optional<UpdateConfig> update,
                           Optional<UpdateConfig> rollback, Optional<RestartPolicy> restart, Resources resources,
                           List<String> constraints, Map<String, String> labels, Map<String, String> serviceLabels) {

    public StackService {
        requireNonNull(name, "name");
        requireNonNull(image, "image");
        command = List.copyOf(command);
        requireNonNull(endpointMode, "endpointMode");
        networks = StackDefinition.ordered(networks);
        environment = StackDefinition.ordered(environment);
        secrets = List.copyOf(secrets);
        volumes = List.copyOf(volumes);
        requireNonNull(healthcheck, "healthcheck");
        requireNonNull(update, "update");
        requireNonNull(rollback, "rollback");
        requireNonNull(restart, "restart");
        requireNonNull(resources, "resources");
        constraints = List.copyOf(constraints);
        labels = StackDefinition.ordered(labels);
        serviceLabels = StackDefinition.ordered(serviceLabels);
    }

    /** The image's tag ({@code 0.1.0} of {@code faasfed/gateway:0.1.0}); empty when it has none (or only a digest). */
    public String imageTag() {
        return tagOf(image);
    }

    /** Whether the image is pinned: by digest, or by a tag other than {@code latest}. */
    public boolean imagePinned() {
        return pinned(image);
    }

    /** The tag of an image reference; empty when it has none. */
    static String tagOf(String image) {
        String reference = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        int slash = reference.lastIndexOf('/');
        int colon = reference.lastIndexOf(':');
        return colon > slash ? reference.substring(colon + 1) : "";
    }

    /** Whether an image reference is pinned: by digest, or by a tag other than {@code latest}. */
    static boolean pinned(String image) {
        String tag = tagOf(image);
        return image.contains("@sha256:") || (!tag.isEmpty() && !tag.equals("latest"));
    }

    /**
     * A network the service joins.
     *
     * @param key the network's key in the files
     * @param aliases the names it is reachable by there, besides its service name
     */
    public record NetworkAttachment(String key, List<String> aliases) {
        public NetworkAttachment {
            requireNonNull(key, "key");
            aliases = List.copyOf(aliases);
        }
    }

    /**
     * A secret mounted in the service's containers.
     *
     * @param source the secret's key in the files
     * @param target the file under {@code /run/secrets/} (the source when unset)
     * @param mode the file mode; empty when unset (0444)
     * @param uid the file's owner ({@code "0"} when unset), as Compose's {@code uid}
     * @param gid the file's group ({@code "0"} when unset), as Compose's {@code gid}
     */
    public record SecretMount(String source, String target, Optional<Integer> mode, String uid, String gid) {
        public SecretMount {
            requireNonNull(source, "source");
            requireNonNull(target, "target");
            requireNonNull(mode, "mode");
            uid = uid == null || uid.isBlank() ? "0" : uid;
            gid = gid == null || gid.isBlank() ? "0" : gid;
        }

        /** A mount owned by root. */
        public SecretMount(String source, String target, Optional<Integer> mode) {
            this(source, target, mode, "0", "0");
        }

        /** Where the secret is in the container ({@code /run/secrets/<target>}). */
        public String path() {
            return target.startsWith("/") ? target : "/run/secrets/" + target;
        }
    }

    /**
     * A mount.
     *
     * @param type {@code volume} or {@code bind} ({@code tmpfs} too)
     * @param source the volume's key in the files, or the host path
     * @param target the path in the container
     * @param readOnly whether it is mounted read-only
     */
    public record Mount(String type, String source, String target, boolean readOnly) {
        public Mount {
            requireNonNull(type, "type");
            source = source == null ? "" : source;
            requireNonNull(target, "target");
        }
    }

    /**
     * A health check.
     *
     * @param test the test ({@code ["CMD", "wget", ...]}); {@code ["NONE"]} disables the image's
     * @param interval time between checks; empty when unset
     * @param timeout time one check may take; empty when unset
     * @param retries failures in a row before the task is unhealthy; 0 when unset
     * @param startPeriod time failures do not count after start; empty when unset
     */
    public record Healthcheck(List<String> test, String interval, String timeout, int retries, String startPeriod) {
        public Healthcheck {
            test = List.copyOf(test);
            interval = interval == null ? "" : interval;
            timeout = timeout == null ? "" : timeout;
            startPeriod = startPeriod == null ? "" : startPeriod;
        }

        /** Whether the check runs at all (not {@code disable: true} or {@code NONE}). */
        public boolean enabled() {
            return !test.isEmpty() && !test.get(0).equals("NONE");
        }
    }

    /**
     * How tasks are replaced on an update (or a rollback).
     *
     * @param parallelism tasks replaced at once (0: all)
     * @param delay time between batches; empty when unset
     * @param order {@code stop-first} or {@code start-first}; empty when unset
     * @param failureAction {@code pause}, {@code continue} or {@code rollback}; empty when unset
     * @param monitor how long each new task is watched for failure; empty when unset
     * @param maxFailureRatio the failure ratio tolerated; empty when unset
     */
    public record UpdateConfig(int parallelism, String delay, String order, String failureAction, String monitor,
                               String maxFailureRatio) {
        public UpdateConfig {
            delay = delay == null ? "" : delay;
            order = order == null ? "" : order;
            failureAction = failureAction == null ? "" : failureAction;
            monitor = monitor == null ? "" : monitor;
            maxFailureRatio = maxFailureRatio == null ? "" : maxFailureRatio;
        }
    }

    /**
     * When Swarm restarts a task.
     *
     * @param condition {@code none}, {@code on-failure} or {@code any}
     * @param delay time between attempts; empty when unset
     * @param maxAttempts attempts before giving up; 0 for no limit
     * @param window time after which a restart counts as successful; empty when unset
     */
    public record RestartPolicy(String condition, String delay, int maxAttempts, String window) {
        public RestartPolicy {
            requireNonNull(condition, "condition");
            delay = delay == null ? "" : delay;
            window = window == null ? "" : window;
        }
    }

    /**
     * Resource limits and reservations as written ({@code cpus: "0.5"}, {@code memory: 256M}); empty when unset.
     *
     * @param limitCpus {@code limits.cpus}
     * @param limitMemory {@code limits.memory}
     * @param reservedCpus {@code reservations.cpus}
     * @param reservedMemory {@code reservations.memory}
     */
    public record Resources(String limitCpus, String limitMemory, String reservedCpus, String reservedMemory) {
        public Resources {
            limitCpus = limitCpus == null ? "" : limitCpus;
            limitMemory = limitMemory == null ? "" : limitMemory;
            reservedCpus = reservedCpus == null ? "" : reservedCpus;
            reservedMemory = reservedMemory == null ? "" : reservedMemory;
        }

        /** Whether a memory limit is set. */
        public boolean limited() {
            return !limitMemory.isEmpty();
        }
    }
}
