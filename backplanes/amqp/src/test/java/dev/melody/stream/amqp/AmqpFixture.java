package dev.melody.stream.amqp;

import dev.melody.stream.StreamOptions;
import dev.melody.stream.amqp.testing.AmqpBroker;
import dev.melody.stream.backplane.conformance.BackplaneFixture;
import dev.melody.stream.backplane.conformance.RawTap;
import dev.melody.stream.spi.Backplane;
import dev.melody.stream.spi.cluster.RelayBackplane;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The conformance suite's view of the AMQP backplane: nodes made by the provider, a real broker, and a plain AMQP
 * client on the exchange as the Go node and the tap.
 *
 * <p>The broker comes from a source the test class chooses: a new Qpid per test, or one RabbitMQ node shared by the
 * class (a RabbitMQ start takes seconds); {@link #close()} stops a broker of its own and leaves a shared one running.
 */
final class AmqpFixture implements BackplaneFixture {

    private final Callable<AmqpBroker> source;
    private final boolean shared;
    private final List<TestContext> contexts = new ArrayList<>();
    private final List<RawAmqp> clients = new ArrayList<>();
    private AmqpBroker broker;
    private RawAmqp publisher;

    AmqpFixture(Callable<AmqpBroker> source, boolean shared) {
        this.source = source;
        this.shared = shared;
    }

    /** Tells whether a thread was made for one of this fixture's nodes (by its factory, or by the AMQP client). */
    boolean madeForANode(Thread thread) {
        return thread.getName().startsWith("AMQP Connection")
                || contexts.stream().anyMatch(context -> context.made.contains(thread));
    }

    @Override
    public void startBroker() throws Exception {
        broker = source.call();
        if (!broker.isRunning()) {
            broker.restart();
        }
    }

    @Override
    public void stopBroker() {
        closeClients();
        broker.stop();
    }

    @Override
    public void restartBroker() throws Exception {
        closeClients();
        broker.restart();
    }

    @Override
    public Backplane newNode(StreamOptions options) {
        TestContext context = new TestContext(options.toBuilder().setting(AmqpSettings.URI, broker.uri()).build(),
                "node" + contexts.size());
        contexts.add(context);
        return new AmqpBackplaneProvider().create(context).orElseThrow();
    }

    @Override
    public void publishRaw(byte[] body) throws Exception {
        if (publisher == null) {
            publisher = new RawAmqp(broker.uri(), AmqpSettings.DEFAULT_EXCHANGE);
            clients.add(publisher);
        }
        publisher.publish(body);
    }

    @Override
    public RawTap tap() throws Exception {
        RawAmqp tap = new RawAmqp(broker.uri(), AmqpSettings.DEFAULT_EXCHANGE).tap();
        clients.add(tap);
        return new RawTap() {
            @Override
            public byte[] next(Duration wait) throws Exception {
                RawAmqp.Delivery delivery = tap.next(wait);
                return delivery == null ? null : delivery.body();
            }

            @Override
            public void close() throws Exception {
                clients.remove(tap);
                tap.close();
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
    public void close() throws Exception {
        closeClients();
        if (broker != null && !shared) {
            broker.close();
        } else if (broker != null && !broker.isRunning()) {
            broker.restart();   // the next test finds the shared broker running
        }
    }

    private void closeClients() {
        for (RawAmqp client : List.copyOf(clients)) {
            try {
                client.close();
            } catch (Exception e) {
                // the broker closed it already
            }
        }
        clients.clear();
        publisher = null;
    }
}
