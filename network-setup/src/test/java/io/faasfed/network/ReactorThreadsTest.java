package io.faasfed.network;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.faasfed.network.testing.DockerObjects;
import io.faasfed.network.testing.RecordingDockerStub.Reply;
import io.faasfed.network.testing.StubbedEngine;
import reactor.blockhound.BlockHound;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * docker-java blocks; the library must keep it off Reactor's threads. With BlockHound on, apply and destroy are
 * subscribed from a parallel (non-blocking) thread: a docker-java call made outside {@code Engine.call} fails them.
 */
class ReactorThreadsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String NET_ID = "9c1b2a3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9";

    @RegisterExtension
    final StubbedEngine docker = new StubbedEngine();

    @BeforeAll
    static void blockHound() {
        BlockHound.install();
    }

    @Test
    void blockingOnAParallelThreadIsCaught() {
        StepVerifier.create(Mono.fromCallable(() -> {
                    Thread.sleep(1);
                    return 1;
                }).subscribeOn(Schedulers.parallel()))
                .expectError(BlockingOperationError.class)
                .verify(WAIT);
    }

    @Test
    void applyAndDestroyKeepDockerJavaOffReactorThreads() {
        docker.stub().swarmManager();
        docker.stub().onSequence("GET", "/networks", Reply.json(200, List.of()),
                Reply.json(200, List.of(DockerObjects.network(NET_ID, "faasnet").overlay().attachable().managed().toMap())));
        docker.stub().on("POST", "/networks/create", Reply.json(201, Map.of("Id", NET_ID, "Warning", "")));
        docker.stub().on("GET", "/networks/{id}", Reply.json(200, DockerObjects.network(NET_ID, "faasnet").overlay()
                .attachable().managed().container("c1", "web", "10.0.1.5/24").toMap()));
        Map<String, Object> spec = DockerObjects.vipServiceSpec("func_gateway", List.of(DockerObjects.attachment(NET_ID)));
        docker.stub().on("GET", "/services", Reply.json(200, List.of(DockerObjects.service("s1", 4, spec))));
        docker.stub().on("GET", "/services/{id}", Reply.json(200, DockerObjects.service("s1", 4, spec)));
        docker.stub().on("POST", "/services/{id}/update", Reply.json(200, Map.of("Warnings", List.of())));
        docker.stub().on("POST", "/networks/{id}/disconnect", Reply.empty(200));
        docker.stub().onSequence("DELETE", "/networks/{id}", Reply.error(403, "network faasnet has active endpoints"),
                Reply.empty(204));
        NetworkSetup setup = new NetworkSetup(docker.engine());
        NetworkSpec wanted = new NetworkSpec("faasnet", Optional.of(Subnet.parse("10.89.0.0/24")), Optional.empty(), true, false);

        StepVerifier.create(Mono.defer(() -> setup.apply(NetworkRequest.of(wanted), Progress.SILENT))
                        .subscribeOn(Schedulers.parallel()))
                .expectNextMatches(plan -> plan.changes().size() == 1)
                .expectComplete()
                .verify(WAIT);
        StepVerifier.create(Mono.defer(() -> setup.destroy("faasnet", true, Progress.SILENT))
                        .subscribeOn(Schedulers.parallel()))
                .expectNextMatches(result -> result.changes().size() == 3)
                .expectComplete()
                .verify(WAIT);
    }
}
