package dev.melody.stream.jms;

import dev.melody.stream.StreamOptions;
import dev.melody.stream.backplane.conformance.BackplaneFixture;
import dev.melody.stream.backplane.conformance.RawTap;
import dev.melody.stream.spi.Backplane;
import dev.melody.stream.spi.cluster.RelayBackplane;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * The conformance fixture of the JMS backplane: nodes wired as the provider wires them (with a shorter reconnection
 * backoff, so outages end quickly) on one embedded Artemis broker, and a plain JMS client for the raw channel.
 *
 * <p><b>Thread-safety.</b> Driven by the test thread; {@link #connected} and {@link #malformed} read thread-safe
 * counters.
 *
 * <p><b>Lifecycle.</b> One per test; {@link #close()} closes the taps and the client factory and stops the broker.
 */
final class JmsArtemisFixture implements BackplaneFixture {

    private final Map<Backplane, JmsConnector> connectors = new ConcurrentHashMap<>();
    private final List<JMSContext> taps = new ArrayList<>();
    private ArtemisBroker broker;
    private ActiveMQConnectionFactory factory;

    @Override
    public void startBroker() throws Exception {
        broker = ArtemisBroker.start();
        factory = broker.connectionFactory();
    }

    @Override
    public void stopBroker() throws Exception {
        broker.stop();
    }

    @Override
    public void restartBroker() throws Exception {
        broker.startAgain();
    }

    @Override
    public Backplane newNode(StreamOptions options) {
        Node.Wiring wiring = Node.wire("node", factory, options);
        connectors.put(wiring.backplane(), wiring.connector());
        return wiring.backplane();
    }

    @Override
    public void publishRaw(byte[] body) {
        try (JMSContext context = factory.createContext(JMSContext.AUTO_ACKNOWLEDGE)) {
            context.createProducer().send(context.createTopic(JmsSettings.DEFAULT_TOPIC),
                    new String(body, StandardCharsets.UTF_8));
        }
    }

    @Override
    public RawTap tap() {
        JMSContext context = factory.createContext(JMSContext.AUTO_ACKNOWLEDGE);
        taps.add(context);
        JMSConsumer consumer = context.createConsumer(context.createTopic(JmsSettings.DEFAULT_TOPIC));
        return new RawTap() {
            @Override
            public byte[] next(Duration wait) throws Exception {
                Message message = consumer.receive(Math.max(1, wait.toMillis()));
                return message == null ? null : ((TextMessage) message).getText().getBytes(StandardCharsets.UTF_8);
            }

            @Override
            public void close() {
                context.close();
            }
        };
    }

    @Override
    public long malformed(Backplane node) {
        return ((RelayBackplane) node).statistics().malformed() + connectors.get(node).wrongTypeMessages();
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
        taps.forEach(JMSContext::close);
        if (factory != null) {
            factory.close();
        }
        if (broker != null) {
            broker.close();
        }
    }
}
