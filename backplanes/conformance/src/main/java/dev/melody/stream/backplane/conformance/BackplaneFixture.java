package dev.melody.stream.backplane.conformance;

import dev.melody.stream.StreamOptions;
import dev.melody.stream.spi.Backplane;

/**
 * What a backplane module supplies to run the {@link BackplaneConformanceSuite}: a real broker it can start, stop
 * and restart, nodes of its backplane on one shared channel, and raw access to that channel as a Go node has.
 *
 * <p><b>Thread-safety.</b> The suite calls the fixture's methods from the test thread only, except
 * {@link #malformed(Backplane)} and {@link #connected(Backplane)}, which it may poll from any thread while the
 * nodes run; those two must be safe to call concurrently with the backplane's own threads.
 *
 * <p><b>Lifecycle.</b> The suite makes one fixture per test ({@link BackplaneConformanceSuite#newFixture()}), calls
 * {@link #startBroker()} before the test body, and {@link #close()} after it, whether the test passed or not. Nodes
 * made by {@link #newNode(StreamOptions)} are handed to hubs, which start and close them; the fixture closes what it
 * opened itself (broker, taps, clients).
 */
public interface BackplaneFixture extends AutoCloseable {

    /**
     * Starts the broker on a free 127.0.0.1 port; called once before each test.
     *
     * @throws Exception if the broker cannot be started
     */
    void startBroker() throws Exception;

    /**
     * Stops the broker abruptly: open connections break, as when the broker process dies. The port is kept for
     * {@link #restartBroker()}.
     *
     * @throws Exception if the broker cannot be stopped
     */
    void stopBroker() throws Exception;

    /**
     * Starts the broker again on the same port, empty: nothing of its former state (streams, queues, retained
     * messages) is kept.
     *
     * @throws Exception if the broker cannot be started
     */
    void restartBroker() throws Exception;

    /**
     * Makes one more node of the backplane on the channel every node of this fixture shares; not started (the hub
     * it is given to starts it).
     *
     * @param options the options of the hub the node will serve, for settings the backplane takes from them
     * @return a new, unstarted backplane
     * @throws Exception if the node cannot be made
     */
    Backplane newNode(StreamOptions options) throws Exception;

    /**
     * Publishes a message body on the channel as a Go Melody node would: the bare envelope, without the headers or
     * properties (origin, sequence) that Java nodes add where the broker has them.
     *
     * @param body the message body, sent as is (it may be malformed on purpose)
     * @throws Exception if the broker refuses it or cannot be reached
     */
    void publishRaw(byte[] body) throws Exception;

    /**
     * Opens a raw subscriber of the channel; the suite opens it before publishing what it wants to see. The fixture
     * closes it at {@link #close()} if the suite did not.
     *
     * @return a subscribed tap
     * @throws Exception if the subscription cannot be opened
     */
    RawTap tap() throws Exception;

    /**
     * Tells how many messages a node skipped as malformed since it was made.
     *
     * @param node a node this fixture made
     * @return the node's count of malformed messages
     */
    long malformed(Backplane node);

    /**
     * Tells whether a node is currently connected to the broker (subscribed and able to publish).
     *
     * @param node a node this fixture made
     * @return {@code true} while the node is connected
     */
    boolean connected(Backplane node);

    /**
     * Tells whether the backplane gives every event one cluster-wide order and id ({@link Backplane#sequencing()}):
     * the suite then expects the same order and ids on every node, and replay across nodes.
     *
     * @return {@code true} for a sequencing backplane (Redis); {@code false} for a relaying one
     */
    boolean sequencing();

    /**
     * Stops the broker and closes everything the fixture opened (taps, clients, temporary files).
     *
     * @throws Exception if something could not be closed
     */
    @Override
    void close() throws Exception;
}
