package io.faasfed.sandbox;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar faasfed-sandbox.jar}: starts the sandbox with the gateway on {@code PORT} (default 8080), prints
 * where everything is and curl commands to try, and runs until interrupted. Spring Boot arguments on the command line
 * go to the gateway.
 */
public final class SandboxMain {

    private SandboxMain() {
    }

    /** Starts the sandbox. */
    public static void main(String[] args) throws InterruptedException {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        FaasfedSandbox sandbox = FaasfedSandbox.start(port, args);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sandbox.close();
            stopped.countDown();
        }, "faasfed-sandbox-shutdown"));
        // The banner is what this command is for, so it goes to standard output, not to the log.
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        out.print(banner(sandbox));
        stopped.await();
    }

    static String banner(FaasfedSandbox sandbox) {
        String gw = sandbox.gatewayUrl();
        String key = sandbox.adminKey().value();
        String auth = "-H \"Authorization: Bearer $FAASFED_KEY\"";
        return "\n"
                + "faasfed sandbox is up. Gateway: " + gw + "   (Ctrl-C stops everything)\n"
                + "\n"
                + "Admin API key: " + key + "\n"
                + "\n"
                + "Platforms (emulators on loopback, functions run as local processes):\n"
                + indent(sandbox.platforms().describe())
                + "\n"
                + "Try it (every call needs a key, except public functions such as wordcount):\n"
                + "  export FAASFED_KEY=" + key + "\n"
                + "  curl " + auth + " -d 'hello federation' " + gw + "/function/uppercase          # on OpenFaaS\n"
                + "  curl -d 'one two three' " + gw + "/function/wordcount             # on Fn, public: no key\n"
                + "  curl " + auth + " -d '{\"name\":\"Ada\"}' -H 'Content-Type: application/json' " + gw
                + "/function/greet   # on OpenWhisk (web action)\n"
                + "  curl " + auth + " -d 'count these four words' " + gw
                + "/function/fan-out   # OpenWhisk calling Fn through the gateway\n"
                + "  curl " + auth + " " + gw + "/system/functions                  # every function, as faas-cli lists them\n"
                + "  curl " + auth + " " + gw + "/federation/v1/functions            # each with the platform serving it\n"
                + "  curl " + auth + " " + gw + "/federation/v1/platforms            # platforms, health, sync state\n"
                + "  curl " + auth + " -H 'Content-Type: application/json' " + gw + "/federation/v1/keys \\\n"
                + "       -d '{\"tenant\":\"default\",\"name\":\"ci\",\"roles\":[\"deploy\",\"view\",\"invoke\"]}'   # a key with fewer rights\n"
                + "  curl " + auth + " -H 'Content-Type: application/json' " + gw + "/system/functions \\\n"
                + "       -d '{\"service\":\"shout\",\"image\":\"faasfed/samples:uppercase\",\"labels\":{\"faasfed.platform\":\"fn\"}}'\n"
                + "  curl " + auth + " -d 'deployed on fn' " + gw + "/function/shout\n"
                + "\n"
                + "Asynchronous calls (any platform; 202 and an X-Call-Id at once, the outcome in the call's record):\n"
                + "  curl -i " + auth + " -d 'later please' " + gw + "/async-function/wordcount   # copy its X-Call-Id\n"
                + "  curl " + auth + " " + gw + "/federation/v1/calls/$CALL_ID   # CALL_ID=<that id>: state, attempts, "
                + "result\n"
                + "  (add -H 'X-Callback-Url: http://127.0.0.1:9999/' to get the result POSTed there: the sandbox allows "
                + "loopback callbacks, a real gateway refuses them unless faasfed.async.callback.allowed-networks says)\n"
                + "\n"
                + "Compositions (workflows whose steps run on any platform; saved at start from the sandbox's samples):\n"
                + "  curl -i " + auth + " -H 'Content-Type: application/json' -d '{\"name\":\"Ada\"}' " + gw
                + "/function/welcome   # OpenFaaS, then Fn, then OpenWhisk; copy its X-Call-Id\n"
                + "  curl " + auth + " " + gw + "/federation/v1/calls/$CALL_ID   # CALL_ID=<that id>: its trace, each "
                + "step with its platform, status, attempt and duration\n"
                + "  curl " + auth + " " + gw + "/federation/v1/compositions/welcome   # its definition (YAML source)\n"
                + "  (everywhere runs a branch on each platform at once, resilient retries a flaky function and falls "
                + "back to another platform:\n   call them as welcome; /async-function/welcome queues a run)\n"
                + "\n"
                + "faas-cli works too (a key's id is the user, its secret the password): faas-cli login -g " + gw
                + " -u " + sandbox.adminKey().id() + " -p " + sandbox.adminKey().secret() + " && faas-cli list -g "
                + gw + "\n"
                + "API docs: " + gw + "/swagger-ui.html (log in with the key's id and secret)   Metrics: " + gw
                + "/actuator/prometheus\n";
    }

    private static String indent(String lines) {
        return "  " + lines.strip().replace("\n", "\n  ") + "\n";
    }
}
