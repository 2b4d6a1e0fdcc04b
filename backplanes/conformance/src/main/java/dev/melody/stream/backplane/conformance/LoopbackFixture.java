package dev.melody.stream.backplane.conformance;

import dev.melody.stream.StreamOptions;
import dev.melody.stream.spi.Backplane;
import dev.melody.stream.spi.cluster.RelayBackplane;
import dev.melody.stream.spi.cluster.RelayLink;
import dev.melody.stream.spi.cluster.RelayMessage;
import dev.melody.stream.spi.cluster.RelaySettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;

/**
 * The conformance fixture of the known-good implementation: {@link RelayBackplane} nodes over a
 * {@link LoopbackBroker}, with the relay's default settings (Go's backoff of 1 s doubling to 30 s).
 *
 * <p><b>Role.</b> Shows that the suite passes against a correct relaying backplane; broker modules that supply a
 * {@link dev.melody.stream.spi.cluster.RelayConnector} compare their fixture's behaviour with this one. The broker has
 * no port: "the same port" of {@link #restartBroker()} is the same broker object.
 *
 * <p><b>Thread-safety.</b> Driven by the test thread; {@link #connected} and {@link #malformed} read the relays'
 * thread-safe statistics.
 *
 * <p><b>Lifecycle.</b> One per test; {@link #close()} stops the broker (the hubs close their relays).
 */
public final class LoopbackFixture implements BackplaneFixture {

    private static final ThreadFactory DAEMONS = runnable -> {
        Thread thread = new Thread(runnable);
        thread.setDaemon(true);
        return thread;
    };

    private final LoopbackBroker broker = new LoopbackBroker();
    private final List<RelayLink> taps = new ArrayList<>();

    /** Makes the fixture; its broker starts with {@link #startBroker()}. */
    public LoopbackFixture() {
    }

    @Override
    public void startBroker() {
        broker.start();
    }

    @Override
    public void stopBroker() {
        broker.stop();
    }

    @Override
    public void restartBroker() {
        broker.restart();
    }

    @Override
    public Backplane newNode(StreamOptions options) {
        return new RelayBackplane("Loopback", broker.connector(), RelaySettings.defaults(), DAEMONS);
    }

    @Override
    public void publishRaw(byte[] body) throws Exception {
        broker.publishRaw(body);
    }

    @Override
    public RawTap tap() throws Exception {
        RelayLink link = broker.open();
        taps.add(link);
        return new RawTap() {
            @Override
            public byte[] next(Duration wait) throws Exception {
                RelayMessage message = link.receive(wait);
                return message == null ? null : message.body();
            }

            @Override
            public void close() {
                link.close();
            }
        };
    }

    @Override
    public long malformed(Backplane node) {
        return ((RelayBackplane) node).statistics().malformed();
    }

    @Override
    public boolean connected(Backplane node) {
        return ((RelayBackplane) node).statistics().connected();
    }

    @Override
    public boolean sequencing() {
        return false;
    }

    @Override
    public void close() {
        taps.forEach(RelayLink::close);
        broker.stop();
    }
}
