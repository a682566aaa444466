package io.faasfed.network.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class StackMergeTest {

    private static final String BASE = """
            services:
              web:
                image: web:1.0
                command: ["serve", "--port", "80"]
                environment: ["A=1", "B=2"]
                labels: {x: "1"}
                secrets: [key, {source: cert, target: tls.pem}]
                volumes: ["data:/data", "/var/run/docker.sock:/var/run/docker.sock:ro"]
                networks: [front]
                deploy:
                  replicas: 2
                  resources: {limits: {memory: 100M}}
            networks:
              front: {external: true, name: faasnet}
            """;

    private static final String OVER = """
            services:
              web:
                image: web:2.0
                command: ["serve"]
                environment: {B: "3", C: "4"}
                secrets: [{source: cert, mode: 0400}, extra]
                volumes: [{type: volume, source: other, target: /data}]
                networks:
                  front: {aliases: [www]}
                deploy:
                  endpoint_mode: dnsrr
                  resources: {reservations: {memory: 50M}}
            """;

    @Test
    void mapsMergeScalarsAndOtherListsAreReplacedSecretsAndVolumesMergeByKey() {
        StackDefinition stack = StackFiles.load(List.of(new StackFile("base.yml", BASE), new StackFile("over.yml", OVER)), Map.of());
        StackService web = stack.service("web");
        assertThat(web.image()).isEqualTo("web:2.0");
        assertThat(web.command()).containsExactly("serve");
        assertThat(web.environment()).containsExactly(Map.entry("A", "1"), Map.entry("B", "3"), Map.entry("C", "4"));
        assertThat(web.labels()).containsEntry("x", "1");
        assertThat(web.secrets()).extracting(StackService.SecretMount::source).containsExactly("key", "cert", "extra");
        assertThat(web.secrets().get(1).target()).isEqualTo("tls.pem");
        assertThat(web.secrets().get(1).mode()).isPresent();
        assertThat(web.volumes()).extracting(StackService.Mount::source).containsExactly("other", "/var/run/docker.sock");
        assertThat(web.volumes().get(1).type()).isEqualTo("bind");
        assertThat(web.volumes().get(1).readOnly()).isTrue();
        assertThat(web.networks().get("front").aliases()).containsExactly("www");
        assertThat(web.replicas()).isEqualTo(2);
        assertThat(web.endpointMode()).isEqualTo("dnsrr");
        assertThat(web.resources()).isEqualTo(new StackService.Resources("", "100M", "", "50M"));
        assertThat(stack.networks().get("front").name()).isEqualTo("faasnet");
        assertThat(stack.networks().get("front").external()).isTrue();
        assertThat(stack.files()).containsExactly("base.yml", "over.yml");
    }

    @Test
    void anEmptyListInALaterFileKeepsTheEarlierOneAsDockerDoes() {
        StackDefinition stack = StackFiles.load(List.of(new StackFile("base.yml", BASE),
                new StackFile("empty.yml", "services:\n  web:\n    command: []\n")), Map.of());
        assertThat(stack.service("web").command()).containsExactly("serve", "--port", "80");
    }

    @Test
    void aFileOrderMattersLaterWins() {
        StackDefinition stack = StackFiles.load(List.of(new StackFile("over.yml", OVER.replace("image: web:2.0", "image: web:2.0")),
                new StackFile("base.yml", BASE)), Map.of());
        assertThat(stack.service("web").image()).isEqualTo("web:1.0");
        assertThat(stack.service("web").command()).containsExactly("serve", "--port", "80");
    }
}
