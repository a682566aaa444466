package io.faasfed.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import io.faasfed.network.DockerEndpoint;
import picocli.CommandLine;
import picocli.CommandLine.IVersionProvider;

/** {@code faasfed --version}: the build's version (filtered into a resource), the Engine API it speaks, Java's. */
final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {
            "faasfed " + version(),
            "Docker Engine API " + DockerEndpoint.API_VERSION + " (docker-java), picocli " + CommandLine.VERSION,
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
        };
    }

    static String version() {
        try (InputStream in = VersionProvider.class.getResourceAsStream("/io/faasfed/cli/version.properties")) {
            if (in == null) {
                return "(unknown version)";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "(unknown version)");
        } catch (IOException e) {
            return "(unknown version)";
        }
    }
}
