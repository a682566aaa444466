package io.faasfed.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CompletionTest {

    @Test
    void generateCompletionPrintsABashAndZshScriptForEveryCommandAndTheWordsOptionsTake() {
        Cli.Result run = Cli.run("generate-completion");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("complete -F _complete_faasfed", "bashcompinit")
                .contains("network", "configure", "plan", "apply", "verify", "destroy", "openfaas", "openwhisk", "fn")
                .contains("--init-swarm", "--require-gateway", "--fn-server", "--force")
                .contains("bootstrap", "--skip-verify", "--dry-run", "--admin-key-file", "--local-images")
                .contains("single-host", "compose");
        assertThat(run.err()).isEmpty();
    }
}
