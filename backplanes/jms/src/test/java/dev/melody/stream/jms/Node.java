package dev.melody.stream.jms;

import static org.junit.jupiter.api.Assertions.fail;

import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.StreamOptions;
import dev.melody.stream.Subscription;
import dev.melody.stream.SubscriptionListener;
import dev.melody.stream.impl.hub.DefaultServerSentEventHub;
import dev.melody.stream.spi.cluster.RelayBackplane;
import dev.melody.stream.spi.cluster.RelaySettings;
import jakarta.jms.ConnectionFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** One node of an in-process cluster: a real hub with the JMS backplane, wired as the provider wires it. */
final class Node implements AutoCloseable {

    /** The one bound of every wait in these tests. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** Reconnection in tests: quicker than the 1 s to 30 s of production, so outages end soon. */
    static final Duration BACKOFF = Duration.ofMillis(100);

    private static final SubscriptionListener QUIET = subscription -> { };

    final String name;
    final JmsConnector connector;
    final RelayBackplane backplane;
    final DefaultServerSentEventHub hub;

    Node(String name, ConnectionFactory factory) {
        this(name, factory, StreamOptions.defaults());
    }

    Node(String name, ConnectionFactory factory, StreamOptions options) {
        this(name, new JmsResources(factory, name, null), options);
    }

    Node(String name, JmsResources resources, StreamOptions options) {
        this.name = name;
        Wiring wiring = wire(name, resources, options);
        this.connector = wiring.connector();
        this.backplane = wiring.backplane();
        this.hub = new DefaultServerSentEventHub(options, backplane);
    }

    /** A connector and its relay, wired as the provider wires them, with a short reconnection backoff. */
    record Wiring(JmsConnector connector, RelayBackplane backplane) {
    }

    static Wiring wire(String name, ConnectionFactory factory, StreamOptions options) {
        return wire(name, new JmsResources(factory, name, null), options);
    }

    static Wiring wire(String name, JmsResources resources, StreamOptions options) {
        JmsSettings settings = JmsSettings.from(options::setting);
        JmsConnector connector = JmsConnector.of(resources, settings);
        RelayBackplane backplane = new RelayBackplane(JmsBackplanes.NAME, connector,
                JmsBackplanes.relaySettings(settings).withBackoff(BACKOFF, BACKOFF.multipliedBy(4)),
                TestContext.of(options, name).threadFactory());
        connector.skipOrigin(backplane.origin());
        return new Wiring(connector, backplane);
    }

    Reader subscribe(String topic) {
        return new Reader(hub.subscribe(topic, null, QUIET));
    }

    Reader subscribe(String topic, String lastEventId) {
        return new Reader(hub.subscribe(topic, lastEventId, QUIET));
    }

    void awaitConnected(boolean connected) {
        await(() -> backplane.statistics().connected() == connected, name + " connected=" + connected);
    }

    @Override
    public void close() {
        hub.shutdown();
    }

    static void await(BooleanSupplier condition, String what) {
        await(condition, () -> what);
    }

    static void await(BooleanSupplier condition, Supplier<String> what) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + TIMEOUT + " waiting for " + what.get());
            }
            LockSupport.parkNanos(2_000_000);   // bounded polling
        }
    }

    /** Reads a subscription into a list; driven by the test thread. */
    static final class Reader {
        final Subscription subscription;
        final List<ServerSentEvent> events = new ArrayList<>();

        Reader(Subscription subscription) {
            this.subscription = subscription;
        }

        List<ServerSentEvent> await(int count) {
            Node.await(() -> {
                drain();
                return events.size() >= count;
            }, () -> count + " events on " + subscription.topic() + " (have " + events.size() + ": " + events + ")");
            return events;
        }

        /** Waits for an event with this data, then returns everything read so far. */
        List<ServerSentEvent> awaitData(String data) {
            Node.await(() -> {
                drain();
                return events.stream().anyMatch(e -> e.data().equals(data));
            }, () -> "'" + data + "' on " + subscription.topic() + " (have " + events + ")");
            return events;
        }

        void drain() {
            ServerSentEvent event;
            while ((event = subscription.poll()) != null) {
                events.add(event);
            }
        }

        List<String> data() {
            return events.stream().map(ServerSentEvent::data).toList();
        }
    }
}
