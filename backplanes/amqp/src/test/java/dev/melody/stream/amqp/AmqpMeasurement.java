package dev.melody.stream.amqp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.StreamMarkers;
import dev.melody.stream.Subscription;
import dev.melody.stream.amqp.testing.AmqpBroker;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Not a test of behaviour but the closing note's measurement, excluded from the normal run (see the pom): publish
 * rate and cross-node latency through the AMQP backplane, two hubs in this JVM on one broker.
 *
 * <p>Run: {@code mvn -o -B verify -pl backplanes/amqp -am -Dtest=AmqpMeasurement -Dsurefire.failIfNoSpecifiedTests=false
 * -Damqp.measure.broker=qpid} (or {@code rabbitmq}). Three runs, each with new nodes on the same broker:
 * <ul>
 *   <li><b>rate</b>: 20,000 events of 1 KB broadcast on node A as fast as the calls go; events per second from the
 *       first broadcast until node B's backplane handed the last one to B's hub;</li>
 *   <li><b>latency</b>: 2,000 events of 1 KB, one every millisecond at most (one in flight, so queueing does not
 *       count), from {@code broadcast} on A to {@code poll} on a subscriber of B; p50 and p99.</li>
 * </ul>
 * It checks only that every event arrived (no timing assertion) and prints one line per run and a summary.
 */
class AmqpMeasurement {

    private static final int RUNS = 3;
    private static final int WARM_UP = 2_000;
    private static final int RATE_EVENTS = 20_000;
    private static final int LATENCY_EVENTS = 2_000;
    private static final String PAYLOAD = "x".repeat(1_000);

    @Test
    void publishRateAndCrossNodeLatency() throws Exception {
        String which = System.getProperty("amqp.measure.broker", "qpid");
        try (AmqpBroker broker = "rabbitmq".equals(which) ? Brokers.rabbitMq() : Brokers.qpid()) {
            double[] rates = new double[RUNS];
            double[] p50s = new double[RUNS];
            double[] p99s = new double[RUNS];
            for (int run = 0; run < RUNS; run++) {
                try (Node a = new Node("a", broker.uri()); Node b = new Node("b", broker.uri())) {
                    a.awaitConnected(true);
                    b.awaitConnected(true);
                    rate(a, b, "warm", WARM_UP);
                    rates[run] = rate(a, b, "rate", RATE_EVENTS);
                    double[] latency = latency(a, b);
                    p50s[run] = latency[0];
                    p99s[run] = latency[1];
                    assertEquals(0, a.backplane.statistics().publishFailures(), a.backplane.statistics().toString());
                }
                System.out.printf(Locale.ROOT, "%s run %d: %.0f events/s; latency p50 %.2f ms, p99 %.2f ms%n",
                        broker.describe(), run + 1, rates[run], p50s[run], p99s[run]);
            }
            System.out.printf(Locale.ROOT, "%s, %d runs (min / median / max): rate %s events/s; p50 %s ms; p99 %s ms%n",
                    broker.describe(), RUNS, summary(rates, "%.0f"), summary(p50s, "%.2f"), summary(p99s, "%.2f"));
        }
    }

    /** Broadcasts {@code count} events on A; returns events per second until B's backplane delivered them all. */
    private static double rate(Node a, Node b, String topic, int count) {
        long before = b.backplane.statistics().delivered();
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            a.hub.broadcast(topic, ServerSentEvent.of(PAYLOAD));
        }
        Node.await(() -> b.backplane.statistics().delivered() - before >= count,
                () -> count + " events delivered on b: " + b.backplane.statistics());
        long elapsed = System.nanoTime() - start;
        return count * 1e9 / elapsed;
    }

    /** Returns p50 and p99 in milliseconds of broadcast on A to poll on B, one event in flight at a time. */
    private static double[] latency(Node a, Node b) throws InterruptedException {
        Semaphore available = new Semaphore(0);
        Subscription subscription = b.hub.subscribe("latency", null, s -> available.release());
        List<Long> nanos = new ArrayList<>(LATENCY_EVENTS);
        for (int i = 0; i < LATENCY_EVENTS; i++) {
            long sent = System.nanoTime();
            a.hub.broadcast("latency", ServerSentEvent.of(PAYLOAD));
            ServerSentEvent event = null;
            long deadline = sent + Node.TIMEOUT.toNanos();
            while (event == null && System.nanoTime() < deadline) {
                event = subscription.poll();
                if (event == null) {
                    available.tryAcquire(10, TimeUnit.MILLISECONDS);   // woken by the subscription; bounded
                } else if (StreamMarkers.isMarker(event)) {
                    throw new AssertionError("a marker in the latency run: " + event);
                }
            }
            if (event == null) {
                throw new AssertionError("event " + i + " did not reach b within " + Node.TIMEOUT);
            }
            nanos.add(System.nanoTime() - sent);
            long pace = sent + TimeUnit.MILLISECONDS.toNanos(1) - System.nanoTime();
            if (pace > 0) {
                TimeUnit.NANOSECONDS.sleep(pace);   // pacing of the load, not synchronisation
            }
        }
        subscription.close();
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        return new double[] {sorted[sorted.length / 2] / 1e6, sorted[(int) Math.ceil(sorted.length * 0.99) - 1] / 1e6};
    }

    private static String summary(double[] values, String format) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, format + " / " + format + " / " + format, sorted[0],
                sorted[sorted.length / 2], sorted[sorted.length - 1]);
    }
}
