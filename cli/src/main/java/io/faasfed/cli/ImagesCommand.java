package io.faasfed.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code faasfed images}: the images compose/local.yml runs, built on a machine with no registry. */
@Command(name = "images", sortOptions = false,
        subcommands = {ImagesBuildCommand.class},
        header = "Build the images the local stack runs, with no registry.",
        description = {
            "Build, through the engine, the images compose/local.yml (faasfed bootstrap --local-images) runs: a Java "
                    + "runtime base jlinked from this JDK, the gateway and the emulators FROM it, Redis from this "
                    + "machine's redis-server and a busybox for verify's probes. Nothing is pulled."
        },
        footerHeading = "%nExamples:%n",
        footer = {"  faasfed images build", "  faasfed images build --only gateway"})
final class ImagesCommand implements Runnable {

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing a command: build.");
    }
}
