package io.faasfed.network.testing;

import java.util.List;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.faasfed.network.Engine;

/**
 * A {@link RecordingDockerStub} and an {@link Engine} connected to it, fresh for each test:
 * {@code @RegisterExtension final StubbedEngine docker = new StubbedEngine();}. After each test it closes both and
 * fails the test when a request broke the Engine API v1.41 document ({@link EngineApiSpec}) or reached no route.
 */
public final class StubbedEngine implements BeforeEachCallback, AfterEachCallback {

    private RecordingDockerStub stub;
    private Engine engine;

    @Override
    public void beforeEach(ExtensionContext context) {
        stub = RecordingDockerStub.start();
        engine = Engine.connect(stub.endpoint());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        try {
            engine.close();
        } finally {
            stub.close();
        }
        List<RecordedRequest> unrouted = stub.unrouted();
        if (!unrouted.isEmpty()) {
            throw new AssertionError("Requests the test gave the stub no route for (answered 404): " + unrouted);
        }
        EngineApiSpec spec = EngineApiSpec.v141();
        spec.assertValid(stub.requests());
        // The operations this test's requests were checked as, for the test's output file.
        System.out.println(context.getDisplayName() + ": checked against the Engine API " + spec.basePath() + " document: "
                + String.join(", ", stub.requests().stream().map(r -> spec.operationOf(r).orElse("?")).distinct().toList()));
    }

    /** The stub; set its routes before driving the library. */
    public RecordingDockerStub stub() {
        return stub;
    }

    /** The engine connected to the stub. */
    public Engine engine() {
        return engine;
    }
}
