package io.faasfed.network.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.faasfed.network.testing.EngineApiSpec.Violation;

/** The checker must be able to fail: each rule, on a request that breaks it, and the fixtures against the document. */
class EngineApiSpecTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EngineApiSpec SPEC = EngineApiSpec.v141();

    private static RecordedRequest request(String method, String pathAndQuery, String body) {
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        String query = q < 0 ? "" : pathAndQuery.substring(q + 1);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        if (body != null) {
            headers.put("content-type", List.of("application/json"));
        }
        return new RecordedRequest(method, path, query, RecordingDockerStub.parseQuery(query), headers,
                body == null ? null : body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static List<String> violations(String method, String pathAndQuery, String body) {
        return SPEC.validate(request(method, pathAndQuery, body)).stream().map(Violation::toString).toList();
    }

    @Test
    void aDocumentedRequestHasNoViolations() {
        assertThat(violations("GET", "/v1.41/networks?filters=%7B%22name%22%3A%5B%22faasnet%22%5D%7D", null)).isEmpty();
        assertThat(violations("POST", "/v1.41/networks/create", """
                {"Name": "faasnet", "Driver": "overlay", "Attachable": true, "CheckDuplicate": true,
                 "Labels": {"openfaas": "true"}, "Options": {"encrypted": ""},
                 "IPAM": {"Driver": "default", "Config": [{"Subnet": "10.89.0.0/24", "Gateway": "10.89.0.1"}]}}
                """)).isEmpty();
        assertThat(violations("DELETE", "/v1.41/networks/faasnet", null)).isEmpty();
        assertThat(violations("GET", "/v1.41/containers/json?all=true", null)).isEmpty();
    }

    @Test
    void thePathMustCarryVersion141() {
        assertThat(violations("GET", "/networks", null)).singleElement().asString()
                .contains("does not start with /v1.41/");
        assertThat(violations("GET", "/v1.40/networks", null)).singleElement().asString()
                .contains("does not start with /v1.41/");
    }

    @Test
    void thePathAndMethodMustBeDocumented() {
        assertThat(violations("GET", "/v1.41/nets", null)).singleElement().asString()
                .isEqualTo("path /nets matches no path of the document");
        assertThat(violations("PUT", "/v1.41/networks/n1", null)).singleElement().asString()
                .contains("PUT is not documented for /networks/{id}", "GET", "DELETE");
    }

    @Test
    void everyQueryParameterMustBeDeclaredAndOfItsType() {
        assertThat(violations("GET", "/v1.41/networks?all=true", null)).singleElement().asString()
                .startsWith("query.all is not a parameter of NetworkList");
        assertThat(violations("GET", "/v1.41/containers/json?all=1", null)).singleElement().asString()
                .isEqualTo("query.all '1' is not a boolean (true or false)");
        assertThat(violations("POST", "/v1.41/services/s1/update?version=seven", "{}")).singleElement().asString()
                .isEqualTo("query.version 'seven' is not an integer");
        assertThat(violations("POST", "/v1.41/services/s1/update?version=7&registryAuthFrom=nowhere", "{}"))
                .singleElement().asString().contains("'nowhere' is not one of");
    }

    @Test
    void aRequiredQueryParameterMustBeSent() {
        assertThat(violations("POST", "/v1.41/services/s1/update", "{}")).singleElement().asString()
                .isEqualTo("query.version is required by ServiceUpdate but was not sent");
    }

    @Test
    void filtersAreJsonListsOfStringsUnderTheNamesTheDescriptionLists() {
        assertThat(violations("GET", "/v1.41/services?filters=%7B%22nam%22%3A%5B%22x%22%5D%7D", null)).singleElement()
                .asString().startsWith("query.filters.nam is not a filter of ServiceList (documented: id, label, mode, name)");
        assertThat(violations("GET", "/v1.41/services?filters=name%3Dx", null)).singleElement().asString()
                .startsWith("query.filters is not JSON");
        assertThat(violations("GET", "/v1.41/services?filters=%7B%22name%22%3A%22x%22%7D", null)).singleElement()
                .asString().startsWith("query.filters.name is not a list of strings");
        assertThat(violations("GET", "/v1.41/tasks?filters=%7B%22service%22%3A%5B%22s1%22%5D%7D", null)).isEmpty();
    }

    @Test
    void unknownBodyPropertiesAreViolationsAndACaseSlipIsNamed() {
        assertThat(violations("POST", "/v1.41/networks/create", "{\"Name\": \"n\", \"Atachable\": true}")).singleElement()
                .asString().startsWith("body.Atachable is not a documented property; documented: Name, CheckDuplicate");
        assertThat(violations("POST", "/v1.41/networks/create", "{\"Name\": \"n\", \"attachable\": true}")).singleElement()
                .asString().startsWith("body.attachable is not a documented property (the document spells it Attachable)");
    }

    @Test
    void typesEnumsAndRequiredFieldsAreCheckedThroughRefsAndAllOf() {
        assertThat(violations("POST", "/v1.41/networks/create", "{\"Name\": \"n\", \"Attachable\": \"yes\"}")).singleElement()
                .asString().isEqualTo("body.Attachable is a string (\"yes\"), expected a boolean");
        assertThat(violations("POST", "/v1.41/networks/create", "{\"Driver\": \"overlay\"}")).singleElement().asString()
                .isEqualTo("body.Name is required but missing");
        assertThat(violations("POST", "/v1.41/networks/create", "{\"Name\": \"n\", \"IPAM\": {\"Config\": [{\"Subnet\": 5}]}}"))
                .singleElement().asString().isEqualTo("body.IPAM.Config[0].Subnet is a number (5), expected a string");
        assertThat(violations("POST", "/v1.41/networks/create", "{\"Name\": \"n\", \"Labels\": {\"a\": 1}}"))
                .singleElement().asString().isEqualTo("body.Labels{a} is a number (1), expected a string");
        assertThat(violations("POST", "/v1.41/services/s1/update?version=1",
                "{\"Name\": \"s\", \"EndpointSpec\": {\"Mode\": \"round-robin\"}, \"Replicas\": 2}"))
                .containsExactlyInAnyOrder("body.EndpointSpec.Mode \"round-robin\" is not one of [\"vip\",\"dnsrr\"]",
                        "body.Replicas is not a documented property; documented: Name, Labels, TaskTemplate, Mode, "
                                + "UpdateConfig, RollbackConfig, Networks, EndpointSpec");
        assertThat(violations("POST", "/v1.41/services/s1/update?version=1",
                "{\"TaskTemplate\": {\"ContainerSpec\": {\"Env\": [\"A=1\", 2], \"Ulimits\": [{\"Name\": \"nofile\", \"Soft\": 1.5}]}}}"))
                .containsExactlyInAnyOrder("body.TaskTemplate.ContainerSpec.Env[1] is a number (2), expected a string",
                        "body.TaskTemplate.ContainerSpec.Ulimits[0].Soft is a number (1.5), expected an integer");
    }

    @Test
    void aNullPropertyCountsAsNotSentButANullItemIsAViolation() {
        assertThat(violations("POST", "/v1.41/networks/create", "{\"Name\": \"n\", \"Internal\": null, \"whatever\": null}"))
                .isEmpty();
        assertThat(violations("POST", "/v1.41/networks/create", "{\"Name\": null}")).singleElement().asString()
                .isEqualTo("body.Name is required but missing");
        assertThat(violations("POST", "/v1.41/services/s1/update?version=1",
                "{\"TaskTemplate\": {\"ContainerSpec\": {\"Env\": [null]}}}")).singleElement().asString()
                .startsWith("body.TaskTemplate.ContainerSpec.Env[0] is null");
    }

    @Test
    void theBodyMustBeSentWhereRequiredAndOnlyWhereDocumentedAsJson() {
        assertThat(violations("POST", "/v1.41/networks/create", null)).singleElement().asString()
                .isEqualTo("body is required by NetworkCreate but none was sent");
        assertThat(violations("GET", "/v1.41/networks", "{}")).singleElement().asString()
                .isEqualTo("body NetworkList takes no body, but 2 bytes were sent");
        assertThat(violations("POST", "/v1.41/networks/create", "Name=n")).singleElement().asString()
                .startsWith("body is not JSON");
        RecordedRequest plain = new RecordedRequest("POST", "/v1.41/networks/create", "", Map.of(),
                Map.of("content-type", List.of("text/plain")), "{\"Name\": \"n\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(SPEC.validate(plain)).extracting(Violation::where).containsExactly("header.Content-Type");
    }

    @Test
    void onlyTheListedUndocumentedFieldsPass() {
        assertThat(EngineApiSpec.UNDOCUMENTED_BUT_SENT).allSatisfy((field, why) -> assertThat(why).hasSizeGreaterThan(40));
        assertThat(violations("POST", "/v1.41/swarm/init", "{\"ListenAddr\": \"0.0.0.0:2377\", \"Spec\": {}, \"swarmSpec\": {}}"))
                .isEmpty();
        assertThat(violations("POST", "/v1.41/swarm/init", "{\"ListenAddr\": \"0.0.0.0:2377\", \"listenAddress\": \"x\"}"))
                .singleElement().asString().startsWith("body.listenAddress is not a documented property");
    }

    @Test
    void assertValidListsEveryViolationWithItsRequest() {
        assertThatThrownBy(() -> SPEC.assertValid(List.of(request("GET", "/v1.41/info", null),
                request("GET", "/info", null), request("GET", "/v1.41/networks?all=true", null))))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("GET /info: path does not start with /v1.41/")
                .hasMessageContaining("GET /v1.41/networks?all=true: query.all is not a parameter of NetworkList")
                .hasMessageNotContaining("GET /v1.41/info:");
    }

    @Test
    void theStubsAnswersAreShapedAsTheDocumentSays() {
        var spec = DockerObjects.vipServiceSpec("func_gateway", List.of(DockerObjects.attachment("n1", "gateway")));
        assertThat(SPEC.validateDefinition("SystemVersion", JSON.valueToTree(DockerObjects.version("20.10.24", "1.41")))).isEmpty();
        for (String state : List.of("inactive", "active", "locked")) {
            assertThat(SPEC.validateDefinition("SystemInfo", JSON.valueToTree(DockerObjects.info(
                    DockerObjects.swarmInfo(state, state.equals("inactive") ? "" : "n1", state.equals("active")))))).isEmpty();
        }
        assertThat(SPEC.validateDefinition("Network", JSON.valueToTree(DockerObjects.network("n1", "faasnet").overlay()
                .attachable().managed().encrypted().subnet("10.89.0.0/24", "10.89.0.1").container("c1", "web", "10.89.0.5/24")
                .toMap()))).isEmpty();
        assertThat(SPEC.validateDefinition("ServiceSpec", JSON.valueToTree(spec))).isEmpty();
        assertThat(SPEC.validateDefinition("Service", JSON.valueToTree(DockerObjects.service("s1", 3, spec)))).isEmpty();
        assertThat(SPEC.validateDefinition("Service", JSON.valueToTree(DockerObjects.service("s2", 3,
                DockerObjects.plainServiceSpec("p", List.of(DockerObjects.attachment("n1"))))))).isEmpty();
        assertThat(SPEC.validateDefinition("Task", JSON.valueToTree(DockerObjects.task("t1", "s1", "running")))).isEmpty();
        assertThat(SPEC.validateDefinition("ContainerSummary", JSON.valueToTree(DockerObjects.containerSummary("c1", "web",
                "running", Map.of("a", "b"))))).isEmpty();
        assertThat(SPEC.validateAnswer("GET", "/containers/{id}/json", 200, JSON.valueToTree(DockerObjects.containerInspect(
                "c1", "web", true, List.of("A=1"), Map.of("faasnet", "n1"))))).isEmpty();
        assertThat(SPEC.validateDefinition("Network", JSON.valueToTree(Map.of("Name", 5)))).singleElement().asString()
                .isEqualTo("Network.Name is a number (5), expected a string");
    }

    @Test
    void theCopyOnTheClasspathIsTheSharedDocumentWhereThatIsAtHand() throws Exception {
        byte[] copy;
        try (InputStream in = EngineApiSpec.class.getResourceAsStream(EngineApiSpec.RESOURCE)) {
            copy = in.readAllBytes();
        }
        assertThat(SPEC.basePath()).isEqualTo("/v1.41");
        Optional<Path> shared = EngineApiSpec.sharedOriginal();
        // A CI clone holds the repository alone; on the development machines the shared original sits beside it.
        if (shared.isPresent()) {
            assertThat(copy).as("the copy of %s", shared.get()).isEqualTo(Files.readAllBytes(shared.get()));
        }
    }
}
