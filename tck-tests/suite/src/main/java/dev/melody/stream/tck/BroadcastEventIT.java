package dev.melody.stream.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URL;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A {@code Broadcast} fired as a CDI event reaches the hub through the library's observer. The probe subscribes
 * in-JVM first, fires, then polls with a bound.
 */
@ExtendWith(ArquillianExtension.class)
class BroadcastEventIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return TckDeployments.war("broadcast-event");
    }

    @ArquillianResource
    private URL deploymentUrl;

    @Test
    void firedBroadcastReachesInJvmSubscriber() {
        Map<String, String> outcome = new ProbeClient(deploymentUrl)
                .post("fire", Map.of("topic", "orders-sync", "data", "order 17 shipped", "mode", "sync"));

        assertEquals("1", outcome.get("subscribers"), () -> "probe answer: " + outcome);
        assertEquals("true", outcome.get("received"), () -> "nothing received within the bound: " + outcome);
        assertEquals("order 17 shipped", outcome.get("received.data"), () -> "probe answer: " + outcome);
        assertEquals(1, EventId.parse(outcome.get("received.id")).sequence(),
                () -> "first event of a topic gets sequence 1: " + outcome);
        assertEquals("0", outcome.get("pending"), () -> "the event arrived once: " + outcome);
    }

    @Test
    void asynchronouslyFiredBroadcastReachesInJvmSubscriber() {
        Map<String, String> outcome = new ProbeClient(deploymentUrl)
                .post("fire", Map.of("topic", "orders-async", "data", "order 18 shipped", "mode", "async"));

        assertEquals("1", outcome.get("subscribers"), () -> "probe answer: " + outcome);
        assertEquals("true", outcome.get("async.completed"), () -> "probe answer: " + outcome);
        assertEquals("true", outcome.get("received"), () -> "nothing received within the bound: " + outcome);
        assertEquals("order 18 shipped", outcome.get("received.data"), () -> "probe answer: " + outcome);
        assertEquals(1, EventId.parse(outcome.get("received.id")).sequence(),
                () -> "first event of a topic gets sequence 1: " + outcome);
        assertEquals("0", outcome.get("pending"), () -> "the event arrived once: " + outcome);
    }
}
