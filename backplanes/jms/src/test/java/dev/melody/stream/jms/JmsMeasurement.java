package dev.melody.stream.jms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.StreamMarkers;
import dev.melody.stream.Subscription;
import dev.melody.stream.SubscriptionListener;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.Topic;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;

/**
 * Publish rate and cross-node latency of the JMS backplane on embedded Artemis, in one JVM: node A broadcasts 1 KB
 * events, node B's subscriber takes them. Not part of the build (the pom excludes it); run it with
 * {@code mvn -o -B test -pl backplanes/jms -am -Dtest=JmsMeasurement -Dsurefire.failIfNoSpecifiedTests=false}
 * and read the {@code MEASURE} lines. Each of the 3 runs has a fresh broker and fresh nodes.
 *
 * <p>Publish rate: {@value #RATE_EVENTS} events broadcast on A as fast as {@code broadcast} returns; the time until
 * B's subscriber has them all. Latency: {@value #LATENCY_PER_SECOND} broadcasts a second for
 * {@value #LATENCY_SECONDS} s, each carrying its {@code System.nanoTime()}; B's subscriber takes the difference when
 * the hub signals it (on the relay's listener thread, as a transport's writer would be woken). Beside them, the
 * rate of plain JMS on the same broker, for comparison. A warm-up of {@value #WARM_UP} events comes first.
 */
class JmsMeasurement {

    private static final int RUNS = 3;
    private static final int RATE_EVENTS = 50_000;
    private static final int LATENCY_PER_SECOND = 1_000;
    private static final int LATENCY_SECONDS = 10;
    private static final int WARM_UP = 20_000;
    private static final String PADDING = "x".repeat(1024 - 20);

    @Test
    void measure() throws Exception {
        List<double[]> results = new ArrayList<>();
        for (int run = 1; run <= RUNS; run++) {
            double[] result = oneRun();
            results.add(result);
            System.out.printf("MEASURE run %d: publish rate %.0f events/s (A published %.0f/s), latency p50 %.2f ms,"
                    + " p99 %.2f ms; plain JMS on the same broker %.0f messages/s%n", run, result[0], result[1],
                    result[2], result[3], result[4]);
        }
        String[] names = {"publish rate at B, events/s", "publish rate through A, events/s", "latency p50, ms",
                "latency p99, ms", "plain JMS, messages/s"};
        for (int i = 0; i < names.length; i++) {
            int column = i;
            double[] values = results.stream().mapToDouble(r -> r[column]).sorted().toArray();
            System.out.printf("MEASURE %s: min %.2f, median %.2f, max %.2f%n", names[i], values[0],
                    values[values.length / 2], values[values.length - 1]);
        }
    }

    private double[] oneRun() throws Exception {
        try (ArtemisBroker broker = ArtemisBroker.start(); ActiveMQConnectionFactory factory = broker
                .connectionFactory(); Node a = new Node("a", factory); Node b = new Node("b", factory)) {
            a.awaitConnected(true);
            b.awaitConnected(true);
            Counter warm = new Counter();
            b.hub.subscribe("warm", warm);
            burst(a, "warm", WARM_UP);
            Node.await(() -> warm.count.get() >= WARM_UP, "the warm-up at B");

            Counter rate = new Counter();
            b.hub.subscribe("rate", rate);
            long publishedBefore = a.backplane.statistics().published();
            long start = System.nanoTime();
            burst(a, "rate", RATE_EVENTS);
            Node.await(() -> a.backplane.statistics().published() - publishedBefore >= RATE_EVENTS, "A to publish");
            long published = System.nanoTime();
            Node.await(() -> rate.count.get() >= RATE_EVENTS, () -> "B to receive (" + rate.count.get() + ")");
            long received = System.nanoTime();
            assertEquals(0, rate.markers.get(), "no gap marker: nothing lost");

            Latencies latencies = new Latencies(LATENCY_PER_SECOND * LATENCY_SECONDS);
            b.hub.subscribe("latency", latencies);
            long interval = 1_000_000_000L / LATENCY_PER_SECOND;
            long next = System.nanoTime();
            for (int i = 0; i < LATENCY_PER_SECOND * LATENCY_SECONDS; i++) {
                LockSupport.parkNanos(next - System.nanoTime());   // pacing of the load, not synchronisation
                a.hub.broadcast("latency", ServerSentEvent.of(System.nanoTime() + ":" + PADDING));
                next += interval;
            }
            Node.await(() -> latencies.count() >= LATENCY_PER_SECOND * LATENCY_SECONDS, "every latency sample");
            double[] sorted = latencies.sortedMillis();
            return new double[] {RATE_EVENTS / seconds(received - start), RATE_EVENTS / seconds(published - start),
                    sorted[sorted.length / 2], sorted[(int) (sorted.length * 0.99)], plainJms(factory)};
        }
    }

    /**
     * The same number of messages of the same shape (a 1 KB text, the two properties, non-persistent, a time to
     * live, a selector) sent with plain JMS and received by one consumer: what the broker and client give here
     * without the backplane, for comparison.
     */
    private static double plainJms(ConnectionFactory factory) throws InterruptedException {
        String body = "x".repeat(1100);
        try (JMSContext receiving = factory.createContext(JMSContext.DUPS_OK_ACKNOWLEDGE);
             JMSContext sending = factory.createContext(JMSContext.AUTO_ACKNOWLEDGE)) {
            Topic topic = receiving.createTopic("melody.plain");
            JMSConsumer consumer = receiving.createConsumer(topic, "melodyOrigin IS NULL OR melodyOrigin <> 'x'");
            JMSProducer producer = sending.createProducer().setDeliveryMode(DeliveryMode.NON_PERSISTENT)
                    .setTimeToLive(60_000).setDisableMessageID(true);
            AtomicLong got = new AtomicLong();
            Thread receiver = new Thread(() -> {
                while (got.get() < RATE_EVENTS && consumer.receive(Node.TIMEOUT.toMillis()) != null) {
                    got.incrementAndGet();
                }
            });
            long start = System.nanoTime();
            receiver.start();
            for (int i = 0; i < RATE_EVENTS; i++) {
                producer.setProperty("melodyOrigin", "y").setProperty("melodySeq", (long) i + 1).send(topic, body);
            }
            receiver.join(Node.TIMEOUT.toMillis());
            assertEquals(RATE_EVENTS, got.get(), "plain JMS lost messages");
            return RATE_EVENTS / seconds(System.nanoTime() - start);
        }
    }

    private static void burst(Node node, String topic, int count) {
        for (int i = 0; i < count; i++) {
            node.hub.broadcast(topic, ServerSentEvent.of(i + ":" + PADDING));
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    /** Counts what a subscription receives; drained on the thread that signals it. */
    private static final class Counter implements SubscriptionListener {
        final AtomicLong count = new AtomicLong();
        final AtomicLong markers = new AtomicLong();

        @Override
        public void onAvailable(Subscription subscription) {
            ServerSentEvent event;
            while ((event = subscription.poll()) != null) {
                (StreamMarkers.isMarker(event) ? markers : count).incrementAndGet();
            }
        }
    }

    /** Records publish-to-receipt times; drained on the thread that signals it (one at a time). */
    private static final class Latencies implements SubscriptionListener {
        private final long[] nanos;
        private volatile int count;

        Latencies(int capacity) {
            nanos = new long[capacity];
        }

        @Override
        public void onAvailable(Subscription subscription) {
            ServerSentEvent event;
            while ((event = subscription.poll()) != null) {
                long now = System.nanoTime();
                if (!StreamMarkers.isMarker(event) && count < nanos.length) {
                    String data = event.data();
                    nanos[count] = now - Long.parseLong(data, 0, data.indexOf(':'), 10);
                    count = count + 1;   // one signal at a time per subscription: a single writer
                }
            }
        }

        int count() {
            return count;
        }

        double[] sortedMillis() {
            return Arrays.stream(nanos, 0, count).sorted().mapToDouble(n -> n / 1e6).toArray();
        }
    }
}
