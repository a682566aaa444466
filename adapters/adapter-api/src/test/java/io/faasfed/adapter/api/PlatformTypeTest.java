package io.faasfed.adapter.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class PlatformTypeTest {

    @Test
    void parsesConfigNamesWithoutRegardToCase() {
        assertThat(PlatformType.fromConfigName("OpenWhisk")).isEqualTo(PlatformType.OPENWHISK);
        assertThat(PlatformType.FN.configName()).isEqualTo("fn");
    }

    @Test
    void unknownTypeListsTheValidOnes() {
        assertThatIllegalArgumentException().isThrownBy(() -> PlatformType.fromConfigName("knative"))
                .withMessage("type: \"knative\" (expected: one of openfaas, openwhisk, fn)");
    }

    @Test
    void platformIdsAreDnsLabels() {
        assertThat(PlatformId.of("openfaas-lon").value()).isEqualTo("openfaas-lon");
        assertThatIllegalArgumentException().isThrownBy(() -> PlatformId.of("OpenFaaS"))
                .withMessageStartingWith("platform id: \"OpenFaaS\"");
    }

    @Test
    void exceptionsNameThePlatform() {
        FaasException error = new FaasException.FunctionNotFound(PlatformId.of("fn"), "echo");

        assertThat(error).hasMessage("platform 'fn': function 'echo' not found");
        assertThat(error.platform()).contains(PlatformId.of("fn"));
    }
}
