package dev.melody.stream.backplane.conformance;

import dev.melody.stream.ServerSentEventHub;
import dev.melody.stream.StreamOptions;
import dev.melody.stream.impl.hub.DefaultServerSentEventHub;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The behaviour every backplane must show, with real hubs on two or three nodes over a real broker.
 *
 * <p><b>Role.</b> A backplane module runs it by extending it in its tests and returning its own
 * {@link BackplaneFixture} from {@link #newFixture()}.
 *
 * <p><b>Thread-safety.</b> JUnit runs one test at a time per instance.
 *
 * <p><b>Lifecycle.</b> One fixture per test: made and started before the test, closed after it with every hub the
 * test made (hubs first, then the fixture).
 */
public abstract class BackplaneConformanceSuite {

    /** The fixture of the running test. */
    protected BackplaneFixture fixture;
    private final List<ServerSentEventHub> hubs = new ArrayList<>();

    /**
     * Makes the fixture of one test, its broker not yet started.
     *
     * @return a new fixture
     * @throws Exception if it cannot be made
     */
    protected abstract BackplaneFixture newFixture() throws Exception;

    @BeforeEach
    final void startFixture() throws Exception {
        fixture = newFixture();
        fixture.startBroker();
    }

    @AfterEach
    final void closeFixture() throws Exception {
        try {
            hubs.forEach(ServerSentEventHub::shutdown);
        } finally {
            hubs.clear();
            fixture.close();
        }
    }

    /**
     * Makes one more node: a real hub over a new backplane node of the fixture.
     *
     * @param options the hub's options
     * @return the started hub, shut down after the test
     * @throws Exception if the node cannot be made
     */
    protected final ServerSentEventHub node(StreamOptions options) throws Exception {
        ServerSentEventHub hub = new DefaultServerSentEventHub(options, fixture.newNode(options));
        hubs.add(hub);
        return hub;
    }
}
