package io.faasfed.emulator.openfaas;

/**
 * The provider the emulated OpenFaaS CE gateway forwards its {@code /system/*} calls to. The gateway passes the
 * provider's status codes and error texts through, so the two providers a federation meets answer the same requests
 * differently; this picks whose answers the emulator gives.
 */
public enum OpenFaasProvider {

    /**
     * faas-netes (OpenFaaS CE on Kubernetes): deploy, update, delete and scale answer 202; a namespace other than the
     * function namespace is refused with 400 {@code namespace must be: openfaas-fn}; an unknown secret with 400
     * {@code unable to fetch secrets: secrets "x" not found} (faas-netes {@code pkg/handlers/deploy.go}).
     */
    FAAS_NETES(202),

    /**
     * faasd: deploy, update, delete and scale answer 200 (recorded {@code openfaas-gateway-with-faas-cli.txt}: 200 to
     * POST, PUT and DELETE {@code /system/functions}; faasd {@code scale.go} writes no status, so 200); a namespace
     * other than the function namespace is refused with 400 {@code namespace not valid}; an unknown secret with 400
     * {@code unable to find secret: x}.
     */
    FAASD(200);

    private final int acceptedStatus;

    OpenFaasProvider(int acceptedStatus) {
        this.acceptedStatus = acceptedStatus;
    }

    /** The status of a successful deploy, update, delete or scale. */
    public int acceptedStatus() {
        return acceptedStatus;
    }

    /** The 400 text for a deploy or update naming a namespace the provider does not manage. */
    String namespaceRefused(String functionNamespace) {
        return this == FAAS_NETES ? "namespace must be: " + functionNamespace : "namespace not valid";
    }

    /** The 400 text for a deploy or update naming a secret that does not exist. */
    String secretMissing(String secret) {
        return this == FAAS_NETES ? "unable to fetch secrets: secrets \"" + secret + "\" not found"
                : "unable to find secret: " + secret;
    }
}
