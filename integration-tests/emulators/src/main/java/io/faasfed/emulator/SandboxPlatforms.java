package io.faasfed.emulator;

/** The sandbox: the credentials its emulators use. */
public final class SandboxPlatforms {

    /** The sandbox's OpenFaaS credentials. */
    public static final Credentials OPENFAAS_CREDENTIALS = new Credentials("admin", "faasfed-sandbox");

    /** The sandbox's OpenWhisk {@code uuid:key}. */
    public static final Credentials OPENWHISK_CREDENTIALS = new Credentials("5a6f8c1e-2b7d-4e3a-9c0f-faa5fed5a7d0",
            "sandboxKeyForTheFaasfedOpenWhiskEmulatorOnlyNeverUseInProduction0");

    private SandboxPlatforms() {
    }
}
