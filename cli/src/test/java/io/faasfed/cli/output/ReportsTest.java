package io.faasfed.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.faasfed.network.Change;
import io.faasfed.network.DestroyResult;
import io.faasfed.network.EngineState;
import io.faasfed.network.ExistingNetwork;
import io.faasfed.network.Labels;
import io.faasfed.network.Mode;
import io.faasfed.network.ModeDetection;
import io.faasfed.network.NetworkPlan;
import io.faasfed.network.NetworkSpec;
import io.faasfed.network.Subnet;
import io.faasfed.network.SwarmRole;
import io.faasfed.network.platform.Component;
import io.faasfed.network.platform.Located;
import io.faasfed.network.platform.Platform;
import io.faasfed.network.platform.PlatformChange;
import io.faasfed.network.platform.PlatformLayout;
import io.faasfed.network.platform.PlatformPlan;
import io.faasfed.network.verify.Check;
import io.faasfed.network.verify.VerifyReport;

/** The text and JSON of each result, from records built here: every branch without an engine. */
class ReportsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final EngineState SWARM = new EngineState("unix:///var/run/docker.sock", "20.10.24+dfsg1", "1.41",
            SwarmRole.MANAGER, "active", "q3kz8xv1w7d2m5n0");
    private static final ModeDetection DETECTED = new ModeDetection(Mode.SWARM,
            "this engine is a Swarm manager (node q3kz8xv1w7d2): an attachable overlay network", false);
    private static final ExistingNetwork FAASNET = new ExistingNetwork("1a2b3c4d5e6f7a8b9c0d", "faasnet", "overlay", "swarm", true,
            Labels.network(), Map.of(), List.of(new ExistingNetwork.Block("10.0.1.0/24", "10.0.1.1")),
            List.of(new ExistingNetwork.Attachment("c1", "fnserver", "10.0.1.5/24")));
    private static final Change CREATE = new Change(Change.Action.CREATE_NETWORK, "faasnet",
            "create attachable overlay network faasnet (subnet 10.89.0.0/24)");

    @Test
    void planSaysTheModeAndWhyTheNetworkAndTheChanges() {
        NetworkSpec spec = new NetworkSpec("faasnet", Optional.of(Subnet.parse("10.89.0.0/24")), Optional.empty(), false, false);
        NetworkPlan plan = new NetworkPlan(SWARM, DETECTED, spec, Optional.empty(), List.of(CREATE), List.of("a note"));

        String text = TextReports.plan(plan);

        assertThat(text).contains("Engine:   Docker 20.10.24+dfsg1 at unix:///var/run/docker.sock (API 1.41)",
                "Mode:     swarm", "Why:      this engine is a Swarm manager", "Network:  faasnet does not exist yet",
                "1 change planned; 'faasfed network apply' with the same options makes it:",
                "  + create attachable overlay network faasnet (subnet 10.89.0.0/24)", "Notes:\n  - a note");
    }

    @Test
    void planWithNothingToDoSaysNoChangesAndDescribesTheNetwork() {
        NetworkPlan plan = new NetworkPlan(SWARM, DETECTED, NetworkSpec.defaults(), Optional.of(FAASNET), List.of(), List.of());

        String text = TextReports.plan(plan);

        assertThat(text).contains("No changes. Network faasnet is already as asked.",
                "Network:  faasnet (id 1a2b3c4d5e6f): overlay, swarm scope, attachable, subnet 10.0.1.0/24 (gateway 10.0.1.1), "
                        + "made by faasfed, 1 container attached here")
                .doesNotContain("Notes:");
    }

    @Test
    void planJsonHasStableFieldNames() throws Exception {
        NetworkPlan plan = new NetworkPlan(SWARM, DETECTED, NetworkSpec.defaults(), Optional.of(FAASNET), List.of(CREATE), List.of());

        JsonNode json = MAPPER.readTree(Json.write(JsonViews.plan(plan)));

        assertThat(json.fieldNames()).toIterable().containsExactly("command", "engine", "mode", "modeReason", "initSwarm",
                "requested", "existing", "upToDate", "changes", "notes");
        assertThat(json.get("command").asText()).isEqualTo("network plan");
        assertThat(json.get("mode").asText()).isEqualTo("swarm");
        assertThat(json.get("engine").fieldNames()).toIterable()
                .containsExactly("host", "version", "apiVersion", "swarmRole", "swarmState", "nodeId");
        assertThat(json.get("engine").get("swarmRole").asText()).isEqualTo("manager");
        assertThat(json.get("requested").fieldNames()).toIterable()
                .containsExactly("name", "subnet", "gateway", "encrypted", "adopt");
        assertThat(json.get("requested").get("subnet").isNull()).isTrue();
        assertThat(json.get("existing").fieldNames()).toIterable().containsExactly("id", "name", "driver", "scope",
                "attachable", "managed", "encrypted", "labels", "subnets", "containers");
        assertThat(json.get("existing").get("labels").get(Labels.MANAGED_BY).asText()).isEqualTo("faasfed");
        assertThat(json.get("existing").get("subnets").get(0).get("gateway").asText()).isEqualTo("10.0.1.1");
        assertThat(json.get("changes").get(0).fieldNames()).toIterable().containsExactly("action", "target", "description");
        assertThat(json.get("changes").get(0).get("action").asText()).isEqualTo("CREATE_NETWORK");
        assertThat(json.get("notes").isArray()).isTrue();
    }

    @Test
    void applySaysWhatItDidAndTheNetworkAfterwards() throws Exception {
        NetworkPlan done = new NetworkPlan(SWARM, DETECTED, NetworkSpec.defaults(), Optional.empty(), List.of(CREATE), List.of());

        assertThat(TextReports.apply(done, Optional.of(FAASNET))).contains("Applied 1 change:", "  + create attachable",
                "Network faasnet (id 1a2b3c4d5e6f): overlay");
        NetworkPlan nothing = new NetworkPlan(SWARM, DETECTED, NetworkSpec.defaults(), Optional.of(FAASNET), List.of(), List.of());
        assertThat(TextReports.apply(nothing, Optional.of(FAASNET))).contains("No changes. Network faasnet was already as asked.");

        JsonNode json = MAPPER.readTree(Json.write(JsonViews.apply(done, Optional.of(FAASNET))));
        assertThat(json.fieldNames()).toIterable().containsExactly("command", "engine", "mode", "modeReason", "changed",
                "changes", "network", "notes");
        assertThat(json.get("changed").asBoolean()).isTrue();
        assertThat(json.get("network").get("attachable").asBoolean()).isTrue();
    }

    @Test
    void destroySaysWhatItDetachedAndRemoved() throws Exception {
        DestroyResult result = new DestroyResult("faasnet", List.of(
                new Change(Change.Action.DETACH_CONTAINER, "fnserver", "detached container fnserver from faasnet"),
                new Change(Change.Action.REMOVE_NETWORK, "faasnet", "removed network faasnet (id 1a2b3c4d5e6f)")), List.of());

        assertThat(TextReports.destroy(result)).isEqualTo("""
                Destroyed network faasnet:
                  ~ detached container fnserver from faasnet
                  - removed network faasnet (id 1a2b3c4d5e6f)
                """);
        assertThat(TextReports.destroy(new DestroyResult("faasnet", List.of(), List.of("There is no network called faasnet."))))
                .isEqualTo("Nothing removed.\n\nNotes:\n  - There is no network called faasnet.\n");

        JsonNode json = MAPPER.readTree(Json.write(JsonViews.destroy(result)));
        assertThat(json.fieldNames()).toIterable().containsExactly("command", "network", "changed", "changes", "notes");
        assertThat(json.get("changes").get(0).get("action").asText()).isEqualTo("DETACH_CONTAINER");
    }

    @Test
    void verifyIsATableAndTheSummaryNamesTheFirstFailedHop() throws Exception {
        VerifyReport report = new VerifyReport("faasnet", Mode.SWARM, List.of(
                new Check("network", "faasnet", Check.Status.PASS, "attachable overlay"),
                new Check("attached", "func_gateway", Check.Status.PASS, "running, attached"),
                new Check("dns", "gateway", Check.Status.FAIL, "no answer for gateway: attach it"),
                new Check("http", "http://gateway:8080/healthz", Check.Status.SKIPPED, "dns failed"),
                new Check("http", "http://fnserver:8080/version", Check.Status.FAIL, "503")));

        String text = TextReports.verify(report);

        assertThat(text).contains(
                "HOP       TARGET                        STATUS   DETAIL\n",
                "network   faasnet                       PASS     attachable overlay\n",
                "dns       gateway                       FAIL     no answer for gateway: attach it\n");
        assertThat(text).endsWith("FAILED at hop dns (gateway): no answer for gateway: attach it "
                + "[2 passed, 2 failed, 1 skipped]\n");

        JsonNode json = MAPPER.readTree(Json.write(JsonViews.verify(report)));
        assertThat(json.fieldNames()).toIterable().containsExactly("command", "network", "mode", "passed", "checks", "firstFailure");
        assertThat(json.get("passed").asBoolean()).isFalse();
        assertThat(json.get("checks")).hasSize(5);
        assertThat(json.get("checks").get(0).fieldNames()).toIterable().containsExactly("hop", "target", "status", "detail");
        assertThat(json.get("firstFailure").get("hop").asText()).isEqualTo("dns");
    }

    @Test
    void verifyThatPassedSaysSo() throws Exception {
        VerifyReport report = new VerifyReport("faasnet", Mode.SINGLE_HOST, List.of(
                new Check("network", "faasnet", Check.Status.PASS, "bridge"),
                new Check("attached", "openfaas", Check.Status.SKIPPED, "not found, not asked for")));

        assertThat(TextReports.summary(report)).isEqualTo("All checks passed on network faasnet [1 passed, 0 failed, 1 skipped]");
        JsonNode json = MAPPER.readTree(Json.write(JsonViews.verify(report)));
        assertThat(json.get("mode").asText()).isEqualTo("single-host");
        assertThat(json.get("firstFailure").isNull()).isTrue();
    }

    @Test
    void configurePlanListsTheComponentsFoundByNetworkNameAndTheChanges() throws Exception {
        Component fnserver = PlatformLayout.defaults().component("fnserver");
        Located found = new Located(fnserver, Located.Kind.CONTAINER, "c0ffee", "fft-fnserver", true,
                List.of("bridge", "44aeb3ab1f7ce24d552c7b89dd172c86d0963db57792ecab462153ee6829b24c"), Map.of());
        PlatformChange recreate = new PlatformChange("fnserver", "fft-fnserver", PlatformChange.Action.RECREATE,
                "re-create container fft-fnserver with FN_DOCKER_NETWORKS=faasnet, on faasnet as fnserver");
        PlatformPlan plan = new PlatformPlan(Platform.FN, Mode.SINGLE_HOST, "faasnet", List.of(found), List.of(recreate),
                List.of("a note"));

        assertThat(TextReports.configure(plan, false)).contains("Platform: fn (single-host)\n", "Network:  faasnet\n",
                "ROLE      KIND       NAME          STATE    NETWORKS\n",
                "fnserver  container  fft-fnserver  running  bridge\n",
                "1 change planned; add --apply to make it:\n  ~ re-create container fft-fnserver",
                "Notes:\n  - a note");
        assertThat(TextReports.configure(plan, true)).contains("Applied 1 change:");
        assertThat(TextReports.configure(new PlatformPlan(Platform.FN, Mode.SINGLE_HOST, "faasnet", List.of(found), List.of(),
                List.of()), true)).contains("No changes. fn was already configured for network faasnet.");

        JsonNode json = MAPPER.readTree(Json.write(JsonViews.configure(plan, false)));
        assertThat(json.fieldNames()).toIterable().containsExactly("command", "platform", "mode", "network", "applied",
                "upToDate", "found", "changes", "notes");
        assertThat(json.get("found").get(0).fieldNames()).toIterable()
                .containsExactly("role", "kind", "id", "name", "running", "networks");
        assertThat(json.get("changes").get(0).get("action").asText()).isEqualTo("RECREATE");
    }

    @Test
    void errorDocumentHasProblemExitCodeMessageAndHint() throws Exception {
        JsonNode json = MAPPER.readTree(Json.write(JsonViews.error("NETWORK_CONFLICT", 5, "Network faasnet exists ...", "Pass --adopt")));

        assertThat(json.fieldNames()).toIterable().containsExactly("error");
        assertThat(json.get("error").fieldNames()).toIterable().containsExactly("problem", "exitCode", "message", "hint");
        assertThat(json.get("error").get("exitCode").asInt()).isEqualTo(5);
    }
}
