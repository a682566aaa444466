package io.faasfed.network.platform;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.api.model.Task;
import com.github.dockerjava.api.model.TaskState;

import io.faasfed.network.Engine;
import io.faasfed.network.Mode;
import io.faasfed.network.SetupException;
import io.faasfed.network.SetupProblem;
import reactor.core.publisher.Mono;

/**
 * Finds a component's service or container by name: the exact name, a stack's {@code <stack>_<name>}, or a compose
 * project's {@code <project>_<name>_<n>} / {@code <project>-<name>-<n>}. In Swarm mode services are looked at first,
 * then plain containers (Swarm task containers are skipped: their service stands for them). Two matches are an error
 * that lists both and asks for the exact name.
 */
public final class ComponentLocator {

    private static final String SWARM_TASK_LABEL = "com.docker.swarm.service.id";

    private final Engine engine;

    /** A locator on {@code engine}. */
    public ComponentLocator(Engine engine) {
        this.engine = requireNonNull(engine, "engine");
    }

    /** The component's service or container; empty when none matches. */
    public Mono<Located> locate(Component component, Mode mode) {
        return engine.call("look for " + component.role() + " '" + component.name() + "'", c -> find(c, component, mode));
    }

    private static Located find(DockerClient c, Component component, Mode mode) {
        Pattern pattern = pattern(component.name());
        if (mode == Mode.SWARM) {
            List<Service> services = c.listServicesCmd().exec().stream()
                    .filter(s -> pattern.matcher(s.getSpec().getName()).matches()).toList();
            if (services.size() > 1) {
                throw ambiguous(component, services.stream().map(s -> "service " + s.getSpec().getName()).toList());
            }
            if (services.size() == 1) {
                return service(c, component, services.get(0));
            }
        }
        List<Container> containers = c.listContainersCmd().withShowAll(true).exec().stream()
                .filter(k -> k.getLabels() == null || !k.getLabels().containsKey(SWARM_TASK_LABEL))
                .filter(k -> k.getNames() != null && java.util.Arrays.stream(k.getNames())
                        .anyMatch(n -> pattern.matcher(n.startsWith("/") ? n.substring(1) : n).matches()))
                .toList();
        if (containers.size() > 1) {
            throw ambiguous(component, containers.stream().map(k -> "container " + name(k)).toList());
        }
        if (containers.isEmpty()) {
            return null;
        }
        return container(c, component, containers.get(0));
    }

    private static Located service(DockerClient c, Component component, Service service) {
        List<String> networks = new ArrayList<>();
        Engine.networksOf(service.getSpec()).forEach(n -> networks.add(n.getTarget()));
        List<Task> tasks = c.listTasksCmd().withServiceFilter(service.getId()).exec();
        boolean running = tasks.stream().anyMatch(t -> t.getStatus() != null && t.getStatus().getState() == TaskState.RUNNING);
        Map<String, String> env = new LinkedHashMap<>();
        var task = service.getSpec().getTaskTemplate();
        if (task != null && task.getContainerSpec() != null && task.getContainerSpec().getEnv() != null) {
            task.getContainerSpec().getEnv().forEach(line -> put(env, line));
        }
        return new Located(component, Located.Kind.SERVICE, service.getId(), service.getSpec().getName(), running, networks, env);
    }

    private static Located container(DockerClient c, Component component, Container container) {
        InspectContainerResponse inspect = c.inspectContainerCmd(container.getId()).exec();
        List<String> networks = new ArrayList<>();
        if (inspect.getNetworkSettings() != null && inspect.getNetworkSettings().getNetworks() != null) {
            inspect.getNetworkSettings().getNetworks().forEach((name, settings) -> {
                networks.add(name);
                if (settings.getNetworkID() != null) {
                    networks.add(settings.getNetworkID());
                }
            });
        }
        Map<String, String> env = new LinkedHashMap<>();
        if (inspect.getConfig() != null && inspect.getConfig().getEnv() != null) {
            for (String line : inspect.getConfig().getEnv()) {
                put(env, line);
            }
        }
        boolean running = inspect.getState() != null && Boolean.TRUE.equals(inspect.getState().getRunning());
        return new Located(component, Located.Kind.CONTAINER, container.getId(), name(container), running, networks, env);
    }

    private static void put(Map<String, String> env, String line) {
        int eq = line.indexOf('=');
        if (eq > 0) {
            env.put(line.substring(0, eq), line.substring(eq + 1));
        } else {
            env.put(line, "");
        }
    }

    private static String name(Container container) {
        String n = container.getNames() == null || container.getNames().length == 0 ? container.getId() : container.getNames()[0];
        return n.startsWith("/") ? n.substring(1) : n;
    }

    /** The names {@code name} may run under: exact, {@code <stack>_name}, {@code <project>[_-]name[_-]<n>}. */
    static Pattern pattern(String name) {
        String q = Pattern.quote(name);
        return Pattern.compile(q + "|[a-zA-Z0-9][a-zA-Z0-9_.-]*_" + q + "|[a-zA-Z0-9][a-zA-Z0-9_.-]*([_-])" + q + "\\1\\d+");
    }

    private static SetupException ambiguous(Component component, List<String> matches) {
        return new SetupException(SetupProblem.PLATFORM_NOT_FOUND,
                "More than one " + component.role() + " matches '" + component.name() + "': " + String.join(", ", matches) + ".",
                "Name the one you mean exactly, e.g. --" + flag(component) + " " + matches.get(0).substring(matches.get(0).indexOf(' ') + 1) + ".");
    }

    /** The command-line flag that names this component's service or container. */
    public static String flag(Component component) {
        if (component.role().equals("fnserver")) {
            return "fn-server";
        }
        return component.platform().map(p -> p.id() + "-" + component.role()).orElse("gateway-name");
    }
}
