package io.faasfed.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

class RouteClassifierTest {

    private final RouteClassifier classifier = new RouteClassifier();

    private Optional<RouteClass> classify(HttpMethod method, String path) {
        return classifier.classify(method, path);
    }

    @Test
    void functionCallsAreInvokeWhateverTheMethod() {
        assertThat(classify(HttpMethod.POST, "/function/echo")).contains(RouteClass.INVOKE);
        assertThat(classify(HttpMethod.GET, "/function/echo/extra/path")).contains(RouteClass.INVOKE);
        assertThat(classify(HttpMethod.DELETE, "/async-function/echo")).contains(RouteClass.INVOKE);
    }

    @Test
    void writesAreDeploy() {
        assertThat(classify(HttpMethod.POST, "/system/functions")).contains(RouteClass.DEPLOY);
        assertThat(classify(HttpMethod.PUT, "/system/functions")).contains(RouteClass.DEPLOY);
        assertThat(classify(HttpMethod.DELETE, "/system/functions")).contains(RouteClass.DEPLOY);
        assertThat(classify(HttpMethod.POST, "/system/scale-function/echo")).contains(RouteClass.DEPLOY);
        assertThat(classify(HttpMethod.PUT, "/federation/v1/functions/echo")).contains(RouteClass.DEPLOY);
        assertThat(classify(HttpMethod.DELETE, "/federation/v1/functions/echo")).contains(RouteClass.DEPLOY);
        assertThat(classify(HttpMethod.POST, "/system/alert")).as("any other write").contains(RouteClass.DEPLOY);
    }

    @Test
    void keysAndAuditAreAdmin() {
        assertThat(classify(HttpMethod.GET, "/federation/v1/keys")).contains(RouteClass.ADMIN);
        assertThat(classify(HttpMethod.POST, "/federation/v1/keys/k1/rotate")).contains(RouteClass.ADMIN);
        assertThat(classify(HttpMethod.GET, "/federation/v1/audit")).contains(RouteClass.ADMIN);
    }

    @Test
    void otherReadsAreViewAndProbesAreNotLimited() {
        assertThat(classify(HttpMethod.GET, "/system/functions")).contains(RouteClass.VIEW);
        assertThat(classify(HttpMethod.GET, "/federation/v1/functions/echo")).contains(RouteClass.VIEW);
        assertThat(classify(HttpMethod.HEAD, "/v3/api-docs")).contains(RouteClass.VIEW);
        assertThat(classify(HttpMethod.GET, "/healthz")).isEmpty();
        assertThat(classify(HttpMethod.GET, "/actuator/health/liveness")).isEmpty();
        assertThat(classify(HttpMethod.POST, "/healthz")).as("a write is never a probe").contains(RouteClass.DEPLOY);
    }

    @Test
    void encodedAndParameterisedSpellingsGetTheClassTheRouterGivesThem() {
        assertThat(classify(HttpMethod.POST, "/%66unction/echo")).contains(RouteClass.INVOKE);
        assertThat(classify(HttpMethod.POST, "/function;x=1/echo")).contains(RouteClass.INVOKE);
        assertThat(classify(HttpMethod.GET, "/federation/v1/%6Beys")).contains(RouteClass.ADMIN);
    }
}
