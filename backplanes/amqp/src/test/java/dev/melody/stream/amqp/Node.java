package dev.melody.stream.amqp;

import static org.junit.jupiter.api.Assertions.fail;

import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.StreamOptions;
import dev.melody.stream.Subscription;
import dev.melody.stream.SubscriptionListener;
import dev.melody.stream.impl.hub.DefaultServerSentEventHub;
import dev.melody.stream.spi.cluster.RelayBackplane;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** One node of an in-process cluster: a real hub with the AMQP backplane made by the provider. */
final class Node implements AutoCloseable {

    /** The one bound of every wait in these tests (a RabbitMQ restart plus the relay's backoff fit in it). */
    static final Duration TIMEOUT = Duration.ofSeconds(90);

    private static final SubscriptionListener QUIET = subscription -> { };

    final String name;
    final TestContext context;
    final RelayBackplane backplane;
    final DefaultServerSentEventHub hub;

    Node(String name, String uri) {
        this(name, StreamOptions.builder().setting(AmqpSettings.URI, uri).build());
    }

    Node(String name, StreamOptions options) {
        this.name = name;
        this.context = new TestContext(options, name);
        this.backplane = (RelayBackplane) new AmqpBackplaneProvider().create(context).orElseThrow();
        this.hub = new DefaultServerSentEventHub(options, backplane);
    }

    Reader subscribe(String topic) {
        return new Reader(hub.subscribe(topic, null, QUIET));
    }

    Reader subscribe(String topic, String lastEventId) {
        return new Reader(hub.subscribe(topic, lastEventId, QUIET));
    }

    void awaitConnected(boolean connected) {
        await(() -> backplane.statistics().connected() == connected,
                () -> name + " to be " + (connected ? "connected" : "disconnected") + ": " + backplane.statistics());
    }

    /** Threads the context's factory made that still run. */
    List<String> liveThreads() {
        return context.made.stream().filter(Thread::isAlive).map(Thread::getName).toList();
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
