package io.faasfed.emulator;

import io.faasfed.emulator.container.Addressing;
import io.faasfed.emulator.container.ContainerMode;
import io.faasfed.emulator.fn.FnEmulator;
import io.faasfed.emulator.openfaas.OpenFaasEmulator;
import io.faasfed.emulator.openwhisk.OpenWhiskEmulator;
import io.faasfed.network.DockerEndpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/**
 * One emulator as the process of a container standing in for its platform on the shared network (the emulators image,
 * {@code compose/local.yml}): {@code java -jar faasfed-emulators.jar openfaas|openwhisk|fn}. It binds {@code 0.0.0.0}
 * and runs functions as containers through the Engine API ({@code DOCKER_HOST}, default the mounted
 * {@code /var/run/docker.sock}), reading the settings the real component reads:
 * <ul>
 *   <li>every platform: {@code PORT} (8080; the OpenWhisk controller's stack entry sets 8888);</li>
 *   <li>OpenFaaS (the gateway with faas-swarm): the basic-auth secrets {@code basic-auth-user} and
 *       {@code basic-auth-password} in {@code secret_mount_path} (default {@code /run/secrets/}); functions join the
 *       deploy request's {@code network}, else the network labelled {@code openfaas=true};</li>
 *   <li>OpenWhisk (the controller with an invoker): the guest key's uuid in {@code FAASFED_EMULATOR_OPENWHISK_UUID}
 *       (default OpenWhisk's guest uuid) and its secret half in the file {@code FAASFED_EMULATOR_OPENWHISK_KEY_FILE}
 *       (default {@code /run/secrets/openwhisk-auth-key}); actions join
 *       {@code CONFIG_whisk_containerFactory_containerArgs_network}, and get {@code __OW_API_HOST} from the invoker's
 *       {@code WHISK_API_HOST_PROTO}, {@code WHISK_API_HOST_NAME} and {@code WHISK_API_HOST_PORT} (when the name is
 *       set; else the emulator's own loopback URL);</li>
 *   <li>Fn (fnserver with its Docker driver): functions join {@code FN_DOCKER_NETWORKS} (the first, when several).</li>
 * </ul>
 * {@code FAASFED_EMULATOR_MODE=process} runs functions as processes instead; {@code FAASFED_EMULATOR_ADDRESSING=ip}
 * calls function containers at their address (for an emulator outside the network on a bridge). A missing setting
 * stops the process at start with a message saying which; SIGTERM closes the emulator, removing its containers.
 */
public final class EmulatorMain {

    /** OpenWhisk's default guest uuid (ansible/files/auth.guest). */
    public static final String OPENWHISK_GUEST_UUID = "23bc46b1-71f6-4ed5-8c54-816aa4f8c502";

    private EmulatorMain() {
    }

    /** Starts the emulator {@code args[0]} names and runs until the JVM is stopped. */
    public static void main(String[] args) throws InterruptedException {
        try {
            Emulator emulator = start(args, System.getenv());
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                emulator.close();
                stopped.countDown();
            }, "emulator-shutdown"));
            System.out.println("faasfed " + args[0] + " emulator listening on port " + emulator.port());
            stopped.await();
        } catch (StartFailure failure) {
            System.err.println("faasfed emulator: " + failure.getMessage());
            System.exit(2);
        }
    }

    /** Starts the emulator {@code args[0]} names with the settings in {@code env}. */
    public static Emulator start(String[] args, Map<String, String> env) {
        if (args.length != 1) {
            throw new StartFailure("usage: faasfed-emulators openfaas|openwhisk|fn (got " + Arrays.toString(args) + ")");
        }
        String platform = args[0].toLowerCase(Locale.ROOT);
        Function<EmulatorOptions, Emulator> start = switch (platform) {
            case "openfaas" -> OpenFaasEmulator::start;
            case "openwhisk" -> OpenWhiskEmulator::start;
            case "fn" -> FnEmulator::start;
            default -> throw new StartFailure("unknown platform '" + args[0] + "' (expected: openfaas, openwhisk or fn)");
        };
        return start.apply(options(platform, env));
    }

    /** The options for {@code platform} read from {@code env}. */
    static EmulatorOptions options(String platform, Map<String, String> env) {
        EmulatorOptions.Builder options = EmulatorOptions.builder()
                .host(env.getOrDefault("FAASFED_EMULATOR_BIND", "0.0.0.0"))
                .port(port(env.getOrDefault("PORT", "8080")));
        String mode = env.getOrDefault("FAASFED_EMULATOR_MODE", "container");
        if ("container".equals(mode)) {
            String addressing = env.getOrDefault("FAASFED_EMULATOR_ADDRESSING", "name").toUpperCase(Locale.ROOT);
            if (!addressing.equals("NAME") && !addressing.equals("IP")) {
                throw new StartFailure("FAASFED_EMULATOR_ADDRESSING=" + addressing.toLowerCase(Locale.ROOT)
                        + " (expected: name or ip)");
            }
            String network = switch (platform) {
                case "openwhisk" -> required(env, "CONFIG_whisk_containerFactory_containerArgs_network");
                case "fn" -> required(env, "FN_DOCKER_NETWORKS").trim().split("\\s+")[0];
                default -> null;
            };
            options.containers(new ContainerMode(
                    DockerEndpoint.of(env.getOrDefault("DOCKER_HOST", "unix:///var/run/docker.sock")), network,
                    Addressing.valueOf(addressing), null, Duration.ofSeconds(60)));
        } else if (!"process".equals(mode)) {
            throw new StartFailure("FAASFED_EMULATOR_MODE=" + mode + " (expected: container or process)");
        }
        switch (platform) {
            case "openfaas" -> {
                Path secrets = Path.of(env.getOrDefault("secret_mount_path", "/run/secrets/"));
                options.credentials(new Credentials(secret(secrets.resolve("basic-auth-user")),
                        secret(secrets.resolve("basic-auth-password"))));
            }
            case "openwhisk" -> {
                options.credentials(new Credentials(
                        env.getOrDefault("FAASFED_EMULATOR_OPENWHISK_UUID", OPENWHISK_GUEST_UUID),
                        secret(Path.of(env.getOrDefault("FAASFED_EMULATOR_OPENWHISK_KEY_FILE",
                                "/run/secrets/openwhisk-auth-key")))));
                String apiHostName = env.get("WHISK_API_HOST_NAME");
                if (apiHostName != null && !apiHostName.isBlank()) {
                    options.apiHost(env.getOrDefault("WHISK_API_HOST_PROTO", "http") + "://" + apiHostName + ':'
                            + port(env.getOrDefault("WHISK_API_HOST_PORT", env.getOrDefault("PORT", "8080"))));
                }
            }
            default -> {
                // Fn has no authentication.
            }
        }
        Optional.ofNullable(env.get("FAASFED_GATEWAY_URL")).filter(url -> !url.isBlank()).ifPresent(options::gatewayUrl);
        return options.build();
    }

    private static int port(String value) {
        try {
            int port = Integer.parseInt(value.trim());
            if (port > 0 && port < 65536) {
                return port;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new StartFailure("PORT=" + value + " (expected: 1-65535)");
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new StartFailure(name + " is not set: container mode needs the network function containers join");
        }
        return value;
    }

    private static String secret(Path file) {
        try {
            String value = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (value.isEmpty()) {
                throw new StartFailure("the secret file " + file + " is empty");
            }
            return value;
        } catch (IOException e) {
            throw new StartFailure("cannot read the secret file " + file + " (" + e.getClass().getSimpleName()
                    + "): give the service that Docker secret");
        }
    }

    /** A setting that stops the emulator at start. */
    static final class StartFailure extends RuntimeException {

        private static final long serialVersionUID = 1L;

        StartFailure(String message) {
            super(message);
        }
    }
}
